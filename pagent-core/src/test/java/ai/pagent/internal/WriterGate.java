package ai.pagent.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spool writer's clock and sleep, under a test's control: time moves only when the test moves
 * it, a sleep ends only when the writer is woken (or the test says its time ran out), and while
 * {@link #hold} is closed a sleeping writer stays asleep even when woken, so a test can line events
 * up behind it.
 */
final class WriterGate implements SpoolWriter.Waits {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** What each sleep asked for, in nanoseconds. */
    final LinkedBlockingQueue<Long> sleeps = new LinkedBlockingQueue<>();

    final AtomicInteger wakeUps = new AtomicInteger();
    private final Semaphore woken = new Semaphore(0);
    private final CountDownLatch hold;

    WriterGate(boolean held) {
        this.hold = new CountDownLatch(held ? 1 : 0);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void park(long nanos) {
        sleeps.add(nanos);
        try {
            hold.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        woken.acquireUninterruptibly();
    }

    @Override
    public void unpark(Thread writer) {
        wakeUps.incrementAndGet();
        woken.release();
    }

    /** Lets the sleeping writer go on (it still waits to be woken, or for {@link #timeOut}). */
    void release() {
        hold.countDown();
    }

    /** Moves the clock and ends the current sleep as if it ran its course. */
    void timeOut(long nanos) {
        now.addAndGet(nanos);
        woken.release();
    }

    /** The writer's next sleep: waits until it goes to sleep, returns what it asked for. */
    long nextSleep() throws InterruptedException {
        Long nanos = sleeps.poll(30, TimeUnit.SECONDS);
        if (nanos == null) {
            throw new AssertionError("the writer did not go to sleep within 30 s");
        }
        return nanos;
    }
}
