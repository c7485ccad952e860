package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code pagent.spool.*}: the keys reach the client's durable spool, on a real directory. */
class PagentSpoolPropertiesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONVERSION_ID = "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f";

    private final FakeIngest ingest = FakeIngest.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        ingest.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PagentAutoConfiguration.class))
                .withPropertyValues(
                        "pagent.api-key=" + ingest.apiKey(),
                        "pagent.endpoint=" + ingest.endpoint(),
                        "pagent.batch.flush-interval=50ms",
                        "pagent.retry.initial-backoff=5ms",
                        "pagent.retry.max-backoff=100ms",
                        "pagent.http.read-timeout=2s",
                        "pagent.shutdown-timeout=300ms");
    }

    @Test
    void whatTheClosedContextCouldNotDeliverTheNextContextSendsFromTheSpoolDirectory() {
        ingest.outage(503);
        PagentClient[] first = new PagentClient[1];
        runner().withPropertyValues(
                        "pagent.spool.directory=" + dir,
                        "pagent.spool.max-bytes=1048576",
                        "pagent.spool.fsync-interval=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    first[0] = context.getBean(PagentClient.class);
                    assertThat(first[0].track(event("spooled-session"))).isTrue();
                    ingest.awaitRequests(1, WAIT); // answered 503: the event is still waiting
                    await().atMost(WAIT).until(() -> spooledBytes(dir) > 0);
                });
        assertThat(first[0].stats().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
        assertThat(segments(dir)).hasSize(1);
        assertThat(ingest.acceptedCount()).isZero();
        ingest.endOutage();

        runner().withPropertyValues("pagent.spool.directory=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            List<ReceivedEvent> events = ingest.awaitEvents(1, WAIT);
            assertThat(events).extracting(ReceivedEvent::sessionId).containsExactly("spooled-session");
            assertThat(context.getBean(PagentClient.class).stats().queued()).isEqualTo(1);
        });
    }

    @Test
    void withoutASpoolDirectoryEventsStayInMemoryOnly() {
        ingest.outage(503);
        runner().run(context -> {
            PagentClient client = context.getBean(PagentClient.class);
            assertThat(client.track(event("memory-session"))).isTrue();
            ingest.awaitRequests(1, WAIT);
        });
        ingest.endOutage();

        runner().withPropertyValues("pagent.spool.directory=" + dir).run(context -> {
            PagentClient client = context.getBean(PagentClient.class);
            assertThat(client.stats().queued()).isZero(); // nothing recovered: the first one kept it in memory
            assertThat(client.track(event("next-session"))).isTrue();
            assertThat(client.flush(WAIT)).isTrue();
        });
        assertThat(ingest.events()).extracting(ReceivedEvent::sessionId).containsExactly("next-session");
    }

    @Test
    void badSpoolValuesStopStartupNamingTheKey() {
        runner().withPropertyValues(
                        "pagent.spool.directory=" + dir, "pagent.spool.max-bytes=-1", "pagent.spool.fsync-interval=2m")
                .run(context -> {
                    assertThat(context).hasFailed();
                    BindValidationException validation = null;
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        if (t instanceof BindValidationException e) {
                            validation = e;
                        }
                    }
                    assertThat(validation).isNotNull();
                    assertThat(validation.getValidationErrors().getAllErrors()).hasSize(2);
                    assertThat(validation.getValidationErrors().getAllErrors().toString())
                            .contains("spool.maxBytes")
                            .contains("must be at least 262144 (256 KiB)")
                            .contains("spool.fsyncInterval")
                            .contains("must be between 0 and 1 minute");
                    assertThat(validation.getMessage()).contains("pagent");
                });
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void aSmallButValidMaxBytesIsAccepted() {
        runner().withPropertyValues("pagent.spool.directory=" + dir, "pagent.spool.max-bytes=262144")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PagentClient.class));
    }

    private static Conversion event(String sessionId) {
        return Conversion.builder()
                .sessionId(sessionId)
                .userId("u")
                .conversionId(CONVERSION_ID)
                .build();
    }

    private static long spooledBytes(Path dir) throws IOException {
        long bytes = 0;
        for (Path segment : segments(dir)) {
            bytes += Files.size(segment);
        }
        return bytes;
    }

    private static List<Path> segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
