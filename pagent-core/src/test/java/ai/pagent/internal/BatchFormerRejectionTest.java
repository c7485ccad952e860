package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentStats;
import ai.pagent.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch that no sender thread takes (the pool refuses it: it is shut down, or no thread could
 * start) is not stranded: {@link BatchFormer} drops it as {@link DropReason#SHUTDOWN}, the listener
 * hears it, and a flush waiting for it ends.
 */
class BatchFormerRejectionTest {
    @Test
    void aBatchNoSenderTakesIsDroppedAndFinished() throws Exception {
        DispatcherSettings settings = BatchFormerWakeUpTest.settings(Duration.ofHours(1));
        List<String> heard = new CopyOnWriteArrayList<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        PagentThreads threads = new PagentThreads();
        MemoryEventBuffer buffer = new MemoryEventBuffer(100, 1 << 20);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        Outcomes outcomes = new Outcomes(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        heard.add(event.sessionId() + ":" + reason);
                    }
                },
                threads,
                100);
        InFlightLimit limit = new InFlightLimit(2, 3, 100, buffer::waiting);
        SendGate gate =
                new SendGate(ApiKey.of("k"), Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMinutes(1));
        Transport transport = new Transport() {
            @Override
            public SendResult send(List<Conversion> events) {
                events.forEach(e -> sent.add(e.sessionId()));
                return new SendResult(events.size(), events.size());
            }

            @Override
            public void close() {}
        };
        BatchSender sender = new BatchSender(settings, transport, gate, outcomes, limit);
        BatchFormer former = new BatchFormer(
                settings,
                buffer,
                progress,
                sender,
                outcomes,
                gate,
                task -> {
                    throw new RejectedExecutionException("no sender thread");
                },
                limit,
                () -> false);
        for (int i = 0; i < 3; i++) {
            buffer.offer(TestConversions.event(i));
        }
        Thread thread = threads.thread("dispatcher", former);
        thread.start();
        try {
            long target = progress.requestFlush(); // the batch goes now, not in an hour
            former.wake();

            assertThat(progress.awaitDone(target, System.nanoTime() + TimeUnit.SECONDS.toNanos(3)))
                    .isTrue();
            assertThat(outcomes.awaitHeard(System.nanoTime() + TimeUnit.SECONDS.toNanos(3)))
                    .isTrue();
            assertThat(heard).containsExactly("session-0:SHUTDOWN", "session-1:SHUTDOWN", "session-2:SHUTDOWN");
            assertThat(outcomes.counters
                            .snapshot(0, 0, PagentStats.State.RUNNING, null)
                            .dropped())
                    .containsEntry(DropReason.SHUTDOWN, 3L);
            assertThat(progress.inFlight()).isZero();
            assertThat(sent).isEmpty();
        } finally {
            gate.abandon();
            former.wake();
            thread.join(TimeUnit.SECONDS.toMillis(3));
            outcomes.shutdownListener(System.nanoTime());
        }
    }
}
