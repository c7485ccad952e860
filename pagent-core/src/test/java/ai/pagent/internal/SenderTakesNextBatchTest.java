package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While a backlog waits, a sender that finished a batch claims the next full one itself instead of
 * handing back to the dispatcher thread (which would wake to claim it and wake a sender to send it):
 * two thread hand-overs per batch saved while draining, which on a 2-core machine is CPU the ingest
 * and the encoding need.
 */
class SenderTakesNextBatchTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    /** A memory buffer that records which thread claimed each batch. */
    static final class ClaimRecordingBuffer implements EventBuffer {
        final MemoryEventBuffer delegate = new MemoryEventBuffer(1000, 1 << 24);
        final List<String> claimedBy = new CopyOnWriteArrayList<>();

        @Override
        public int offer(Conversion event) {
            return delegate.offer(event);
        }

        @Override
        public int claim(List<Conversion> into, int max) {
            int n = delegate.claim(into, max);
            if (n > 0) {
                claimedBy.add(Thread.currentThread().getName());
            }
            return n;
        }

        @Override
        public void completed(List<Conversion> events) {}

        @Override
        public int size() {
            return delegate.size();
        }
    }

    @Test
    void aSenderSendsTheNextFullBatchOfABacklogItself() {
        ClaimRecordingBuffer buffer = new ClaimRecordingBuffer();
        for (int i = 0; i < 350; i++) {
            buffer.offer(TestConversions.event(i)); // a backlog found at start, as a spool's
        }
        // One request at a time: while the first batch is under way nobody else can claim.
        DispatcherSettings settings = new DispatcherSettings(
                1000,
                1 << 24,
                100,
                1_000_000,
                Duration.ofMillis(50),
                1,
                3,
                Duration.ofMillis(5),
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                1000);
        BatchDispatcher dispatcher = new BatchDispatcher(
                settings, BatchFormerWakeUpTest.transport(ingest), ApiKey.of(ingest.apiKey()), null, buffer);
        try {
            assertThat(dispatcher.flush(Duration.ofSeconds(30))).isTrue();

            List<ReceivedEvent> events = ingest.awaitEvents(350, Duration.ofSeconds(20));
            assertThat(events)
                    .extracting(ReceivedEvent::sessionId)
                    .doesNotHaveDuplicates()
                    .hasSize(350);
            assertThat(buffer.claimedBy).hasSize(4);
            assertThat(buffer.claimedBy.get(0))
                    .as("the first batch: the dispatcher's")
                    .contains("dispatcher");
            assertThat(buffer.claimedBy.subList(1, 3))
                    .as(
                            "the full batches after it, claimed by the sender that finished the one before: %s",
                            buffer.claimedBy)
                    .allSatisfy(thread -> assertThat(thread).contains("sender"));
            assertThat(buffer.claimedBy.get(3))
                    .as("the last 50 events, a partial batch: the dispatcher's (its timing is the dispatcher's)")
                    .contains("dispatcher");
        } finally {
            dispatcher.close();
        }
    }
}
