package ai.pagent.internal;

import ai.pagent.Conversion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far delivery got, for {@code flush()}: every event claimed from the buffer gets an index in
 * claim order; a batch is open from its claim until its sender finished it. Everything below the
 * lowest open batch has its outcome.
 */
final class DeliveryProgress {
    private final EventBuffer buffer;
    private final AtomicLong claimed = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Integer> openBatches = new ConcurrentSkipListMap<>();
    private final AtomicInteger inFlightEvents = new AtomicInteger();
    private final AtomicLong flushTarget = new AtomicLong();
    private final Object monitor = new Object();
    private boolean drained; // guarded by monitor: close() claimed the rest, batches are over
    /** The targets of the threads waiting in {@link #awaitDone}, with their number; guarded by monitor. */
    private final TreeMap<Long, Integer> waitingTargets = new TreeMap<>();
    /** How often a finished batch woke the flush waiters; guarded by monitor. */
    private long finishWakeUps;

    DeliveryProgress(EventBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Claims up to {@code max} events into {@code into} as one open batch; returns its start index,
     * or {@code -1} when nothing was waiting or close() has drained the buffer.
     */
    long claimBatch(List<Conversion> into, int max) {
        synchronized (monitor) {
            if (drained) {
                return -1;
            }
            int n = buffer.claim(into, max);
            if (n == 0) {
                return -1;
            }
            // The claim may settle events it gave up (settled() below, same lock): they come first.
            long start = claimed.addAndGet(n) - n;
            openBatches.put(start, n);
            inFlightEvents.addAndGet(n);
            return start;
        }
    }

    /** Claims everything still waiting, closed at once (the caller gives the events their outcome). */
    void claimRest(List<Conversion> into) {
        synchronized (monitor) {
            drained = true;
            int n;
            while ((n = buffer.claim(into, Integer.MAX_VALUE)) > 0) {
                claimed.addAndGet(n);
            }
        }
    }

    /**
     * {@code count} events left the buffer with their outcome already given (a durable buffer dropped
     * them): they count as claimed and finished, so a flush waiting for them ends. {@code leave} takes
     * them out of the buffer's waiting count under the same lock as {@link #requestFlush()}, which
     * therefore never sees them in neither or both.
     */
    void settled(int count, Runnable leave) {
        synchronized (monitor) {
            leave.run();
            claimed.addAndGet(count);
            monitor.notifyAll();
        }
    }

    /**
     * The sender of the batch starting at {@code start} is done with it. Wakes the flush waiters
     * only when the lowest target among them is reached (a later target cannot be reached first):
     * a thread blocked in {@code flush()} is not woken for every batch of a backlog.
     */
    void finished(long start, int size) {
        inFlightEvents.addAndGet(-size);
        openBatches.remove(start);
        synchronized (monitor) {
            if (!waitingTargets.isEmpty() && doneUpTo(waitingTargets.firstKey())) {
                finishWakeUps++;
                monitor.notifyAll();
            }
        }
    }

    /** Marks everything tracked so far as wanted now; returns the index flush() waits for. */
    long requestFlush() {
        long target;
        synchronized (monitor) {
            // Claims happen under this lock, so no event is counted in neither or both of the two.
            target = buffer.waiting() + claimed.get();
        }
        flushTarget.accumulateAndGet(target, Math::max);
        return target;
    }

    /** Whether a flush waits for events still in the buffer. */
    boolean flushWanted() {
        return claimed.get() < flushTarget.get();
    }

    /** Waits until every event below {@code target} has its outcome; {@code false} at the deadline. */
    boolean awaitDone(long target, long deadlineNanos) {
        synchronized (monitor) {
            waitingTargets.merge(target, 1, Integer::sum);
            try {
                while (!doneUpTo(target)) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            } finally {
                waitingTargets.computeIfPresent(target, (t, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    private boolean doneUpTo(long target) {
        if (claimed.get() < target) {
            return false;
        }
        Map.Entry<Long, Integer> oldestOpen = openBatches.firstEntry();
        return oldestOpen == null || oldestOpen.getKey() >= target;
    }

    /** Threads waiting in {@link #awaitDone} now; for tests. */
    int flushWaiters() {
        synchronized (monitor) {
            return waitingTargets.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** How often a finished batch woke the flush waiters so far; for tests. */
    long finishWakeUps() {
        synchronized (monitor) {
            return finishWakeUps;
        }
    }

    /** Events in batches not yet finished. */
    int inFlight() {
        return Math.max(0, inFlightEvents.get());
    }

    /** Ends every wait now, to look again (close). */
    void wakeWaiters() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }
}
