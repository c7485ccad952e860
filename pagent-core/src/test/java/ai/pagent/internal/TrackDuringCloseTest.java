package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code track()} whose offer lands after {@code close()} took what was left in the buffer: the
 * event is not stranded in a buffer nobody reads, but dropped as {@link DropReason#SHUTDOWN}, counted,
 * and reported on the caller's thread.
 */
class TrackDuringCloseTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    /** A buffer whose offer waits, once it was called, until the test lets it add the event. */
    static final class HeldOffer implements EventBuffer {
        final MemoryEventBuffer delegate = new MemoryEventBuffer(100, 1 << 20);
        final CountDownLatch offering = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);

        @Override
        public int offer(Conversion event) {
            offering.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return delegate.offer(event);
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

    @Test
    void anEventOfferedAfterCloseDrainedIsDroppedOnTheCallersThread() throws Exception {
        HeldOffer buffer = new HeldOffer();
        List<String> heard = new CopyOnWriteArrayList<>();
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void onDropped(Conversion event, DropReason reason) {
                heard.add(reason + " on " + Thread.currentThread().getName());
            }
        };
        BatchDispatcher dispatcher = new BatchDispatcher(
                BatchFormerWakeUpTest.settings(Duration.ofMillis(50)),
                BatchFormerWakeUpTest.transport(ingest),
                ApiKey.of(ingest.apiKey()),
                listener,
                buffer);
        AtomicReference<Boolean> queued = new AtomicReference<>();
        Thread caller = new Thread(() -> queued.set(dispatcher.track(TestConversions.event(0))), "caller");
        caller.start();
        assertThat(buffer.offering.await(30, TimeUnit.SECONDS)).isTrue();

        dispatcher.close(); // takes what the buffer holds: nothing yet
        buffer.proceed.countDown(); // now the event lands in the closed client's buffer
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(queued.get()).isFalse();
        DeliverySnapshot s = dispatcher.stats();
        assertThat(s.queued()).isEqualTo(1);
        assertThat(s.dropped()).containsEntry(DropReason.SHUTDOWN, 1L);
        assertThat(s.queueSize()).isZero();
        assertThat(heard).containsExactly("SHUTDOWN on caller");
        assertThat(ingest.requests()).isEmpty();
    }
}
