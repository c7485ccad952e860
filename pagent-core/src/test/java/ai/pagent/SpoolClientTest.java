package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code PagentClient.builder().spool(dir)}: what a client leaves, the next one sends; accounting stays exact. */
class SpoolClientTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FakeIngest ingest = ingestExtension.get();
    private final List<PagentClient> clients = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @TempDir
    Path dir;

    @AfterEach
    void closeClients() {
        clients.forEach(PagentClient::close);
        ingest.endOutage();
    }

    private PagentClient.Builder spooled() {
        return PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .flushInterval(Duration.ofMillis(50))
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(100))
                .readTimeout(Duration.ofSeconds(2))
                .shutdownTimeout(Duration.ofMillis(300))
                .spool(dir)
                .listener(listener);
    }

    private PagentClient start(PagentClient.Builder builder) {
        PagentClient client = builder.build();
        clients.add(client);
        return client;
    }

    private static void assertExact(PagentStats s) {
        assertThat(s.queued()).isEqualTo(s.accepted() + s.failed() + s.dropped() + s.pending());
    }

    private static Map<String, Long> bySession(List<ReceivedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(ReceivedEvent::sessionId, Collectors.counting()));
    }

    @Test
    void whatAClosedClientCouldNotDeliverTheNextClientSends() {
        ingest.outage(503);
        PagentClient first = start(spooled());
        for (int i = 0; i < 300; i++) {
            assertThat(first.track(TestEvents.event(i))).isTrue();
        }
        first.close();
        PagentStats closed = first.stats();
        assertThat(closed.dropped(DropReason.SHUTDOWN)).isEqualTo(300);
        assertExact(closed);
        ingest.endOutage();

        PagentClient second = start(spooled());

        assertThat(second.stats().queued()).isEqualTo(300); // recovered events count as queued
        assertThat(second.flush(WAIT)).isTrue();
        assertThat(bySession(ingest.events())).hasSize(300);
        PagentStats s = second.stats();
        assertThat(s.accepted()).isEqualTo(300);
        assertThat(s.pending()).isZero();
        assertExact(s);
    }

    @Test
    void deliveredEventsAreForgotten() {
        PagentClient first = start(spooled());
        for (int i = 0; i < 150; i++) {
            first.track(TestEvents.event(i));
        }
        assertThat(first.flush(WAIT)).isTrue();
        first.close();
        // A retry after a lost answer (a timeout on a loaded machine) may deliver an event twice.
        int delivered = ingest.events().size();
        assertThat(bySession(ingest.events())).hasSize(150);

        PagentClient second = start(spooled());

        assertThat(second.stats().queued()).isZero(); // nothing recovered: nothing to send again
        assertThat(second.flush(WAIT)).isTrue();
        assertThat(ingest.events()).hasSize(delivered);
    }

    @Test
    void aBacklogBeyondTheQueueCapacityWaitsOnDiskInsteadOfBeingDropped() {
        ingest.outage(503);
        PagentClient client = start(spooled().queueCapacity(100).shutdownTimeout(Duration.ofSeconds(20)));
        for (int i = 0; i < 3000; i++) {
            assertThat(client.track(TestEvents.event(i))).isTrue();
        }
        await().atMost(WAIT)
                .until(() -> client.stats().queueSize() + client.stats().inFlight() == 3000);
        assertExact(client.stats());

        ingest.endOutage();

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(bySession(ingest.events())).hasSize(3000);
        PagentStats s = client.stats();
        assertThat(s.accepted()).isEqualTo(3000);
        assertThat(s.dropped()).isZero();
        assertExact(s);
    }

    @Test
    void overItsByteBoundTheSpoolDropsTheOldestAndTellsTheListener() {
        ingest.outage(503);
        PagentClient client = start(spooled().queueCapacity(100).spoolMaxBytes(256 * 1024));
        int n = 6000;
        for (int i = 0; i < n; i++) {
            client.track(TestEvents.event(i));
        }
        await().atMost(WAIT).until(() -> client.stats().dropped(DropReason.SPOOL_FULL) > 0);
        ingest.endOutage();

        assertThat(client.flush(WAIT)).isTrue();
        PagentStats s = client.stats();
        assertExact(s);
        assertThat(s.pending()).isZero();
        assertThat(s.accepted() + s.dropped(DropReason.SPOOL_FULL)).isEqualTo(n);
        await().atMost(WAIT).until(() -> listener.dropped.size() == s.dropped(DropReason.SPOOL_FULL));
        assertThat(listener.dropReasons).containsOnly(DropReason.SPOOL_FULL);
        assertThat(bySession(ingest.events())).hasSize((int) s.accepted());
    }

    @Test
    void anUnusableDirectoryStillDeliversFromMemory() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        PagentClient client = start(spooled().spool(file.resolve("spool")));

        for (int i = 0; i < 50; i++) {
            assertThat(client.track(TestEvents.event(i))).isTrue();
        }

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(bySession(ingest.events())).hasSize(50);
    }

    @Test
    void rejectsSpoolSettingsOutOfRangeNamingThem() {
        assertThatThrownBy(() ->
                        spooled().spoolFsyncInterval(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spoolFsyncInterval must be between 0 and 1 minute, got PT-0.001S");
        assertThatThrownBy(() -> spooled().spoolMaxBytes(1000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spoolMaxBytes must be at least 262144");
    }
}
