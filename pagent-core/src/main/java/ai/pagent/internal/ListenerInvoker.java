package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's {@link DeliveryListener} on a thread of its own ({@code pagent-N-listener}), in
 * the order outcomes happened, and never skips one.
 *
 * <p>Notifications wait in a queue bounded in events ({@code capacity}). A sender that would overfill
 * it waits for room: a slow listener slows delivery. A request thread never waits for room: in the
 * rare case that the queue is full when its event is dropped, it hears the drop itself, guarded.
 * After {@link #shutdown} every notification runs on the thread that reports it. A listener that
 * throws is logged (the first time at WARN with the stack trace, then at DEBUG).
 */
final class ListenerInvoker {
    private static final Logger log = LoggerFactory.getLogger(ListenerInvoker.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A call to the listener, holding {@code events} of the queue's room. */
    private record Notification(int events, Runnable call) {}

    private final DeliveryListener listener;
    private final PagentThreads threads;
    private final int capacity;
    private final Semaphore room;
    private final LinkedBlockingQueue<Notification> queue = new LinkedBlockingQueue<>();
    private final Object startLock = new Object();
    private volatile @Nullable Thread thread;
    private volatile boolean stopped;
    private volatile boolean warnedOnce;

    ListenerInvoker(DeliveryListener listener, PagentThreads threads, int capacity) {
        this.listener = listener;
        this.threads = threads;
        this.capacity = Math.max(1, capacity);
        this.room = new Semaphore(this.capacity);
    }

    // ---------------------------------------------------------------- from senders: may wait

    void accepted(List<Conversion> events) {
        List<Conversion> copy = List.copyOf(events);
        enqueueWaiting(copy.size(), () -> listener.onAccepted(copy));
    }

    void failed(List<Conversion> events, PagentException cause) {
        List<Conversion> copy = List.copyOf(events);
        enqueueWaiting(copy.size(), () -> listener.onFailed(copy, cause));
    }

    void dropped(List<Conversion> events, DropReason reason) {
        List<Conversion> copy = List.copyOf(events);
        enqueueWaiting(copy.size(), () -> {
            for (Conversion event : copy) {
                guarded(() -> listener.onDropped(event, reason));
            }
        });
    }

    private void enqueueWaiting(int events, Runnable call) {
        int permits = Math.min(events, capacity);
        try {
            while (!room.tryAcquire(permits, POLL_NANOS, TimeUnit.NANOSECONDS)) {
                if (stopped) {
                    guarded(call);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            guarded(call);
            return;
        }
        enqueue(new Notification(permits, call));
    }

    // ---------------------------------------------------------------- from request threads: never wait

    /** An event dropped on a request thread ({@code QUEUE_FULL}, {@code CLOSED}); never blocks on the queue. */
    void droppedOnCaller(Conversion event, DropReason reason) {
        Runnable call = () -> listener.onDropped(event, reason);
        if (stopped || !room.tryAcquire()) {
            guarded(call);
            return;
        }
        enqueue(new Notification(1, call));
    }

    private void enqueue(Notification n) {
        startIfNeeded();
        queue.add(n);
        if (stopped && queue.remove(n)) {
            // shutdown() ended the listener thread after we looked: run it here instead.
            room.release(n.events());
            guarded(n.call());
        }
    }

    private void startIfNeeded() {
        if (thread != null) {
            return;
        }
        synchronized (startLock) {
            if (thread == null && !stopped) {
                Thread t = threads.thread("listener", this::run);
                thread = t;
                t.start();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                Notification n = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                if (n == null) {
                    if (stopped) {
                        return;
                    }
                    continue;
                }
                try {
                    guarded(n.call());
                } finally {
                    room.release(n.events());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            if (!warnedOnce) {
                warnedOnce = true;
                log.warn(
                        "pagent DeliveryListener {} threw; delivery goes on (further failures at DEBUG)",
                        listener.getClass().getName(),
                        e);
            } else {
                log.debug(
                        "pagent DeliveryListener {} threw", listener.getClass().getName(), e);
            }
        }
    }

    // ---------------------------------------------------------------- flush and close

    /**
     * Waits until the listener has heard every notification enqueued before this call; {@code false}
     * when {@code deadlineNanos} (a {@link System#nanoTime()} value) passed first.
     */
    boolean awaitHeard(long deadlineNanos) {
        if (thread == null || stopped) {
            return true; // nothing queued, or every notification now runs where it is reported
        }
        CountDownLatch heard = new CountDownLatch(1);
        Notification barrier = new Notification(0, heard::countDown);
        enqueue(barrier);
        try {
            return heard.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Lets waiting notifications run until {@code deadlineNanos}, then ends the listener thread;
     * later notifications run on the thread that reports them.
     */
    void shutdown(long deadlineNanos) {
        boolean heard = awaitHeard(deadlineNanos);
        stopped = true;
        Thread t = thread;
        if (!heard && t != null) {
            log.warn(
                    "pagent DeliveryListener did not hear {} notification(s) within the shutdown timeout:"
                            + " it is too slow or stuck",
                    queue.size());
            t.interrupt();
        }
    }
}
