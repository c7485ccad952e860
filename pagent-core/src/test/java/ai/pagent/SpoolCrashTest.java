package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kill -9} with the spool on: a child JVM tracks events against an ingest that is down or
 * slow and is killed (SIGKILL, {@code destroyForcibly}) at a random point; a new client on the same
 * directory must deliver every event the child reported as spooled, at least once.
 */
class SpoolCrashTest {
    private static final int EVENTS = 4000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, ingest {1}")
    @CsvSource({"1201, down", "4711, slow", "90210, down"})
    void everyEventTheKilledProcessSpooledIsDelivered(long seed, String ingestMode) throws Exception {
        Random random = new Random(seed);
        try (FakeIngest ingest = FakeIngest.start()) {
            if (ingestMode.equals("down")) {
                ingest.outage(503);
            } else {
                ingest.latency(Duration.ofMillis(20));
            }
            long killAt = 200 + random.nextInt(EVENTS - 200); // kill once this many are spooled
            Process child = startChild(ingest);
            AtomicLong spooled = new AtomicLong();
            CountDownLatch reached = new CountDownLatch(1);
            Thread reader = readLines(child, spooled, killAt, reached);

            boolean inTime = reached.await(60, TimeUnit.SECONDS);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(inTime)
                    .as("seed %d: the child reached %d spooled events", seed, killAt)
                    .isTrue();
            long reported = spooled.get();

            ingest.endOutage();
            ingest.latency(Duration.ZERO);
            long acceptedBefore = ingest.events().size();
            PagentClient second = PagentClient.builder()
                    .endpoint(ingest.endpoint())
                    .apiKey(ingest.apiKey())
                    .spool(dir)
                    .flushInterval(Duration.ofMillis(20))
                    .build();
            try {
                long recovered = second.stats().queued();
                assertThat(second.flush(Duration.ofSeconds(60))).isTrue();
                PagentStats s = second.stats();
                assertThat(s.pending()).isZero();
                assertThat(s.accepted() + s.failed() + s.dropped()).isEqualTo(s.queued());
                assertThat(s.accepted()).isEqualTo(recovered);

                Map<String, Long> received = ingest.events().stream()
                        .collect(Collectors.groupingBy(ReceivedEvent::sessionId, Collectors.counting()));
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < reported; i++) {
                    if (!received.containsKey("crash-" + i)) {
                        missing.add("crash-" + i);
                    }
                }
                long duplicates =
                        received.values().stream().mapToLong(n -> n - 1).sum();
                System.out.printf(
                        "spool crash test: seed %d, ingest %s, killed after %d spooled, %d delivered before the"
                                + " kill, %d recovered by the next client, %d duplicates%n",
                        seed, ingestMode, reported, acceptedBefore, recovered, duplicates);
                assertThat(missing)
                        .as("seed %d: events the killed process reported as spooled", seed)
                        .isEmpty();
            } finally {
                second.close();
            }
        }
    }

    private Process startChild(FakeIngest ingest) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                classpath,
                SpoolCrashChild.class.getName(),
                ingest.endpoint().toString(),
                ingest.apiKey(),
                dir.toString(),
                Integer.toString(EVENTS),
                "200");
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static Thread readLines(Process child, AtomicLong spooled, long killAt, CountDownLatch reached) {
        Function<String, Long> count =
                line -> Long.parseLong(line.substring("SPOOLED ".length()).trim());
        Thread t = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("SPOOLED ")) {
                        long k = count.apply(line);
                        spooled.accumulateAndGet(k, Math::max);
                        if (k >= killAt) {
                            reached.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                // the child died: what was read is what counts
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
