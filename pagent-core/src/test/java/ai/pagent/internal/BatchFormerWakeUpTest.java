package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BatchFormer}'s wake-ups: no event waits for a wake-up that never comes. */
class BatchFormerWakeUpTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    /**
     * A buffer that makes two offers race: both add their event, then both read the size (2), the
     * exact interleaving in which neither producer used to wake the parked dispatcher thread.
     */
    static final class RacingBuffer implements EventBuffer {
        final MemoryEventBuffer delegate = new MemoryEventBuffer(100, 1 << 20);
        final AtomicBoolean racing = new AtomicBoolean();
        final CyclicBarrier bothAdded = new CyclicBarrier(2);

        @Override
        public int offer(Conversion event) {
            int size = delegate.offer(event);
            if (racing.get()) {
                try {
                    bothAdded.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return delegate.size();
            }
            return size;
        }

        @Override
        public int claim(List<Conversion> into, int max) {
            return delegate.claim(into, max);
        }

        @Override
        public void completed(List<Conversion> events) {}

        @Override
        public int size() {
            return delegate.size();
        }
    }

    static DispatcherSettings settings(Duration flushInterval) {
        return new DispatcherSettings(
                100,
                1 << 20,
                100,
                1_000_000,
                flushInterval,
                2,
                3,
                Duration.ofMillis(5),
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                1000);
    }

    static HttpTransport transport(FakeIngest ingest) {
        return new HttpTransport(
                HttpTransport.defaultClient(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                true,
                HttpTransport.conversionsUrl(HttpUrl.get(ingest.endpoint())),
                ApiKey.of(ingest.apiKey()),
                Clock.systemUTC());
    }

    @Test
    void twoEventsTrackedAtOnceOnAnIdleClientAreSentWithoutAThirdEventOrAFlush() throws Exception {
        RacingBuffer buffer = new RacingBuffer();
        BatchDispatcher dispatcher = new BatchDispatcher(
                settings(Duration.ofMillis(50)), transport(ingest), ApiKey.of(ingest.apiKey()), null, buffer);
        try {
            // Start the dispatcher thread and let it go idle: parked, with nothing to wait for.
            dispatcher.track(TestConversions.event(0));
            ingest.awaitEvents(1, Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.formerState() == BatchFormer.IDLE);

            buffer.racing.set(true);
            Thread a = new Thread(() -> dispatcher.track(TestConversions.event(1)));
            Thread b = new Thread(() -> dispatcher.track(TestConversions.event(2)));
            a.start();
            b.start();
            a.join();
            b.join();

            // Both producers saw size 2: only the published IDLE state tells them to wake the thread.
            List<ReceivedEvent> events = ingest.awaitEvents(3, Duration.ofSeconds(20));
            assertThat(events).extracting(ReceivedEvent::sessionId).contains("session-1", "session-2");
        } finally {
            dispatcher.close();
        }
    }

    @Test
    void aFullBatchWakesTheThreadWaitingForItsFlushInterval() {
        BatchDispatcher dispatcher = new BatchDispatcher(
                settings(Duration.ofHours(1)),
                transport(ingest),
                ApiKey.of(ingest.apiKey()),
                null,
                new MemoryEventBuffer(1000, 1 << 24));
        try {
            dispatcher.track(TestConversions.event(0));
            await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.formerState() == BatchFormer.FILLING);
            for (int i = 1; i < 100; i++) {
                dispatcher.track(TestConversions.event(i));
            }
            // The hundredth event makes a full batch: it goes now, not in an hour.
            assertThat(ingest.awaitEvents(100, Duration.ofSeconds(20))).hasSize(100);
            assertThat(Map.of("requests", ingest.requests().size())).containsEntry("requests", 1);
        } finally {
            dispatcher.close();
        }
    }
}
