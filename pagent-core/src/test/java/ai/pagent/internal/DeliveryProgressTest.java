package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * flush()'s bookkeeping: events a durable buffer gives up on its own (while claiming, or from its
 * writer), batches claimed after the flush, the events in flight, and an interrupted wait.
 */
class DeliveryProgressTest {
    /** A buffer of {@code waiting} anonymous events; {@code onClaim} runs inside each claim. */
    static final class CountingBuffer implements EventBuffer {
        final AtomicInteger waiting;
        IntConsumer onClaim = max -> {};

        CountingBuffer(int waiting) {
            this.waiting = new AtomicInteger(waiting);
        }

        @Override
        public int offer(Conversion event) {
            return waiting.incrementAndGet();
        }

        @Override
        public int claim(List<Conversion> into, int max) {
            onClaim.accept(max);
            int n = Math.min(max, waiting.get());
            for (int i = 0; i < n; i++) {
                into.add(TestConversions.event(i));
            }
            waiting.addAndGet(-n);
            return n;
        }

        @Override
        public void completed(List<Conversion> events) {}

        @Override
        public int size() {
            return waiting.get();
        }

        @Override
        public int waiting() {
            return waiting.get();
        }
    }

    @Test
    void eventsSettledWhileABatchIsClaimedStillCountForTheFlush() {
        CountingBuffer buffer = new CountingBuffer(5);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        long target = progress.requestFlush();
        // The claim gives up the 3 oldest (an evicted spool segment) and hands over the other 2.
        buffer.onClaim = max -> progress.settled(3, () -> buffer.waiting.addAndGet(-3));

        List<Conversion> batch = new ArrayList<>();
        long start = progress.claimBatch(batch, 100);
        buffer.onClaim = max -> {};

        assertThat(target).isEqualTo(5);
        assertThat(batch).hasSize(2);
        assertThat(start).as("the settled events come before the batch").isEqualTo(3);
        assertThat(progress.awaitDone(target, System.nanoTime())).isFalse();
        progress.finished(start, batch.size());
        assertThat(progress.awaitDone(target, System.nanoTime())).isTrue();
    }

    @Test
    void aFlushRequestedWhileEventsAreSettledSeesThemExactlyOnce() throws Exception {
        CountingBuffer buffer = new CountingBuffer(10);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        CountDownLatch leaving = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        // The spool's writer gives up 4 waiting events; it stops half-way through leaving the buffer.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> progress.settled(4, () -> {
            buffer.waiting.addAndGet(-4);
            leaving.countDown();
            awaitLatch(proceed);
        }));
        assertThat(leaving.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Long> flush = new CompletableFuture<>();
        Thread flusher = new Thread(() -> flush.complete(progress.requestFlush()), "flusher");
        flusher.start();
        // Either it waits for the writer to finish leaving (right), or it has read a half-way count.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> flush.isDone() || flusher.getState() == Thread.State.BLOCKED);
        proceed.countDown();
        writer.get(10, TimeUnit.SECONDS);

        assertThat(flush.get(10, TimeUnit.SECONDS))
                .as("6 waiting + 4 settled, never 6 + 0")
                .isEqualTo(10);
    }

    @Test
    void aBatchOfEventsTrackedAfterTheFlushDoesNotHoldItUp() {
        CountingBuffer buffer = new CountingBuffer(2);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        long target = progress.requestFlush();
        List<Conversion> covered = new ArrayList<>();
        long first = progress.claimBatch(covered, 100);
        progress.finished(first, covered.size());

        buffer.offer(TestConversions.event(3)); // tracked after the flush began
        long later = progress.claimBatch(new ArrayList<>(), 100);

        assertThat(later).isEqualTo(target); // the later batch starts right where the flush ends
        assertThat(progress.awaitDone(target, System.nanoTime())).isTrue();
    }

    @Test
    void eventsInFlightAreThoseOfBatchesNotYetFinished() {
        CountingBuffer buffer = new CountingBuffer(5);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        List<Conversion> a = new ArrayList<>();
        List<Conversion> b = new ArrayList<>();
        long startA = progress.claimBatch(a, 3);
        long startB = progress.claimBatch(b, 3);
        assertThat(progress.inFlight()).isEqualTo(5);

        progress.finished(startA, a.size());
        assertThat(progress.inFlight()).isEqualTo(2);
        progress.finished(startB, b.size());
        assertThat(progress.inFlight()).isZero();
    }

    @Test
    void anInterruptedFlushWaitIsFalseAndStaysInterrupted() {
        CountingBuffer buffer = new CountingBuffer(1);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        long target = progress.requestFlush(); // nothing claims the event: the wait could only time out

        Thread.currentThread().interrupt();
        boolean done = progress.awaitDone(target, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        boolean interruptedAfter = Thread.interrupted(); // clears it for the rest of the test

        assertThat(done).isFalse();
        assertThat(interruptedAfter).isTrue();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A thread in flush() waits for one target: batches finished below it do not wake it (a backlog
     * of a thousand batches used to wake it a thousand times), the batch that reaches it does, and of
     * two waiters the one with the lower target is woken when its own target is reached.
     */
    @Test
    void finishedBatchesWakeAFlushWaiterOnlyWhenItsTargetIsReached() throws Exception {
        CountingBuffer buffer = new CountingBuffer(300);
        DeliveryProgress progress = new DeliveryProgress(buffer);
        List<Conversion> first = new ArrayList<>();
        List<Conversion> second = new ArrayList<>();
        List<Conversion> third = new ArrayList<>();
        long a = progress.claimBatch(first, 100);
        long b = progress.claimBatch(second, 100);
        long c = progress.claimBatch(third, 100);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        CompletableFuture<Boolean> all = CompletableFuture.supplyAsync(() -> progress.awaitDone(300, deadline));
        CompletableFuture<Boolean> firstTwo = CompletableFuture.supplyAsync(() -> progress.awaitDone(200, deadline));
        await().atMost(Duration.ofSeconds(20)).until(() -> progress.flushWaiters() == 2);

        progress.finished(b, second.size()); // the batch before it is still open: no target reached
        progress.finished(a, first.size()); // 200 reached: the lower waiter's target
        assertThat(firstTwo.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(progress.finishWakeUps()).isEqualTo(1);
        assertThat(all).isNotDone();

        progress.finished(c, third.size());
        assertThat(all.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(progress.finishWakeUps()).isEqualTo(2);
        assertThat(progress.flushWaiters()).isZero();
    }
}
