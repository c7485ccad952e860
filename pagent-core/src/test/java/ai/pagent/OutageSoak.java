package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounded soak of issue 12: steady load through {@link FakeIngest} for {@code
 * pagent.soak.seconds} (default 75) per run, the ingest answering 503 from 30 % to 60 % of the run,
 * then recovering; once with the durable spool, once memory only. Asserts that the heap after GC
 * stays bounded and returns to where it started (nothing retained per event), that no {@code
 * pagent-*} thread outlives {@code close()}, and exact accounting: the listener's tally, {@code
 * stats()} and the ingest's count agree (duplicates only after answers the client never read), and
 * with the spool nothing is dropped at all. Prints its numbers.
 *
 * <p>Not in the default build (the name does not end in {@code Test}): {@code ./mvnw -B -ntp -Psoak
 * -pl pagent-core -am verify}.
 */
class OutageSoak {
    private static final int RATE = Integer.getInteger("pagent.soak.rate", 2000); // events per second
    private static final long SECONDS = Long.getLong("pagent.soak.seconds", 75);
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** Counts outcomes as the listener hears them, retaining nothing per event. */
    static final class Tally implements DeliveryListener {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);

        Tally() {
            for (DropReason r : DropReason.values()) {
                dropped.put(r, new AtomicLong());
            }
        }

        @Override
        public void onAccepted(List<Conversion> events) {
            accepted.addAndGet(events.size());
        }

        @Override
        public void onFailed(List<Conversion> events, PagentException cause) {
            failed.addAndGet(events.size());
        }

        @Override
        public void onDropped(Conversion event, DropReason reason) {
            dropped.get(reason).incrementAndGet();
        }

        long dropped() {
            return dropped.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    /** Used heap right after a full collection, sampled every second while the run lasts. */
    static final class HeapSampler implements AutoCloseable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-heap-sampler");
            t.setDaemon(true);
            return t;
        });
        final LongAccumulator max = new LongAccumulator(Math::max, 0);
        final AtomicLong samples = new AtomicLong();

        HeapSampler start() {
            timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
            return this;
        }

        long sample() {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            max.accumulate(used);
            samples.incrementAndGet();
            return used;
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdown();
            assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest(name = "spool {0}")
    @ValueSource(booleans = {true, false})
    void steadyLoadThroughAnOutageAndBack(boolean spool) throws Exception {
        HeapSampler heap = new HeapSampler();
        long baseline = heap.sample();
        AtomicLong lostAnswers = new AtomicLong(); // requests without an answer the client read: may duplicate
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    try {
                        return chain.proceed(chain.request());
                    } catch (IOException e) {
                        lostAnswers.incrementAndGet();
                        throw e;
                    }
                })
                .build();
        Tally tally = new Tally();
        long total = RATE * SECONDS;
        long start = System.nanoTime();
        PagentStats stats;
        long ingested;
        heap.start();
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.countOnly(true); // events are counted, not kept: the ingest's own heap stays flat
            PagentClient.Builder builder = PagentClient.builder()
                    .apiKey(ingest.apiKey())
                    .endpoint(ingest.endpoint())
                    .httpClient(http)
                    .maxBackoff(Duration.ofSeconds(2))
                    .listener(tally);
            if (spool) {
                builder.spool(dir);
            }
            PagentClient client = builder.build();
            long period = TimeUnit.SECONDS.toNanos(1) / RATE;
            long outageFrom = total * 3 / 10;
            long outageTo = total * 6 / 10;
            for (long i = 0; i < total; i++) {
                if (i == outageFrom) {
                    ingest.outage(503);
                } else if (i == outageTo) {
                    ingest.endOutage();
                }
                client.track(TestEvents.event((int) i));
                long due = start + (i + 1) * period; // paced by schedule: a late event does not slow the rest
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long loaded = System.nanoTime();
            assertThat(client.flush(Duration.ofMinutes(2)))
                    .as("drained within 2 min of the load's end")
                    .isTrue();
            long drained = System.nanoTime();
            client.close();
            stats = client.stats();
            ingested = ingest.acceptedCount();
            System.out.printf(
                    "soak, spool %s: %d events in %.0f s (%d/s, outage 503 from %.0f s to %.0f s), drained %.1f s after"
                            + " the load; ingest %d, %s; lost answers %d%n",
                    spool,
                    total,
                    (loaded - start) / 1e9,
                    RATE,
                    SECONDS * 0.3,
                    SECONDS * 0.6,
                    (drained - loaded) / 1e9,
                    ingested,
                    stats,
                    lostAnswers.get());
        } finally {
            heap.close();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();

        // No thread of the client outlives close().
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .map(Thread::getName)
                        .filter(n -> n.startsWith("pagent-")))
                .isEmpty();

        // Exact accounting: stats, the listener and the ingest agree.
        assertThat(stats.queued()).isEqualTo(total);
        assertThat(stats.pending()).isZero();
        assertThat(stats.accepted() + stats.failed() + stats.dropped()).isEqualTo(total);
        assertThat(tally.accepted).hasValue(stats.accepted());
        assertThat(tally.failed).hasValue(stats.failed());
        assertThat(tally.dropped()).isEqualTo(stats.dropped());
        for (DropReason r : DropReason.values()) {
            assertThat(tally.dropped.get(r)).as("dropped %s", r).hasValue(stats.dropped(r));
        }
        assertThat(stats.failed()).isZero(); // an outage fails nothing: batches wait
        if (lostAnswers.get() == 0) {
            assertThat(ingested).isEqualTo(stats.accepted());
        } else {
            assertThat(ingested).isGreaterThanOrEqualTo(stats.accepted());
        }
        if (spool) {
            assertThat(stats.dropped()).as("with the spool nothing is dropped").isZero();
            assertThat(stats.accepted()).isEqualTo(total);
        } else {
            // Memory only: what outgrew the queue during the outage, and nothing else.
            assertThat(stats.dropped()).isEqualTo(stats.dropped(DropReason.QUEUE_FULL));
        }

        // The heap stays bounded, and comes back: nothing is retained per event once delivered.
        long after = heap.sample();
        System.out.printf(
                "soak, spool %s: heap after GC: baseline %.1f MiB, max %.1f MiB (%d samples), after close %.1f MiB;"
                        + " load average %.2f%n",
                spool,
                baseline / (double) MIB,
                heap.max.get() / (double) MIB,
                heap.samples.get(),
                after / (double) MIB,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(heap.max.get() - baseline).isLessThan(64 * MIB); // the queue's own byte budget
        assertThat(after - baseline).isLessThan(16 * MIB);
    }
}
