package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
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
 *
 * <p>The hand-over is cheap for a request thread that drops an event: a {@code QUEUE_FULL} drop is
 * the event itself in a lock-free queue that recycles its chunks (nothing allocated), and the
 * request thread wakes the listener thread only when that thread said it is going to sleep. A
 * listener thread that found work looks again {@code batchNanos} later without asking to be woken,
 * so a stream of drops costs no wake-up per drop. The sleep protocol: the listener thread announces
 * that it sleeps, then looks at the queue once more before it parks; a producer adds its
 * notification, then wakes the thread if it announced. Whichever comes second sees the other's
 * write, so no notification waits for the idle timeout (a safety net only).
 */
final class ListenerInvoker {
    private static final Logger log = LoggerFactory.getLogger(ListenerInvoker.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long an idle listener thread parks when no producer wakes it: a safety net only. */
    static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a busy listener thread waits before it looks for more, without being woken. */
    static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Seams for tests of the sleep protocol; no-ops in production. */
    interface SleepSteps {
        /** The listener thread found the queue empty and is about to announce that it sleeps. */
        default void beforeAnnounce() {}

        /** The listener thread announced, looked once more, found nothing, and is about to park. */
        default void beforePark() {}

        /** A producer wakes the sleeping listener thread. */
        default void woken() {}

        /** The listener thread, ended by {@link #shutdown}, still holds the queue, about to let go. */
        default void beforeExit() {}
    }

    private static final SleepSteps NO_STEPS = new SleepSteps() {};

    /** A call to the listener, holding {@code events} of the queue's room. */
    private record Notification(int events, Runnable call) {}

    private final DeliveryListener listener;
    private final PagentThreads threads;
    private final int capacity;
    private final Semaphore room;
    private final long idleParkNanos;
    private final long batchNanos;
    private final SleepSteps steps;
    // Notifications, or a bare Conversion for a QUEUE_FULL drop (one event of room).
    private final MpscUnboundedXaddArrayQueue<Object> queue = new MpscUnboundedXaddArrayQueue<>(256);
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicBoolean consuming = new AtomicBoolean(); // held by whoever polls the queue
    private final Object startLock = new Object();
    private volatile @Nullable Thread thread;
    private volatile boolean stopped;
    private volatile boolean warnedOnce;

    ListenerInvoker(DeliveryListener listener, PagentThreads threads, int capacity) {
        this(listener, threads, capacity, IDLE_PARK_NANOS, BATCH_NANOS, NO_STEPS);
    }

    ListenerInvoker(
            DeliveryListener listener,
            PagentThreads threads,
            int capacity,
            long idleParkNanos,
            long batchNanos,
            SleepSteps steps) {
        this.listener = listener;
        this.threads = threads;
        this.capacity = Math.max(1, capacity);
        this.room = new Semaphore(this.capacity);
        this.idleParkNanos = idleParkNanos;
        this.batchNanos = batchNanos;
        this.steps = steps;
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
        if (stopped || !room.tryAcquire()) {
            guarded(() -> listener.onDropped(event, reason));
            return;
        }
        enqueue(reason == DropReason.QUEUE_FULL ? event : new Notification(1, () -> listener.onDropped(event, reason)));
    }

    private void enqueue(Object notification) {
        queue.offer(notification);
        startIfNeeded(); // after the offer: a thread started now finds the notification at its first look
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            steps.woken();
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
        if (stopped) {
            // shutdown() may have ended the listener thread after we looked: run what is left here.
            drainIfFree();
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
        while (!consuming.compareAndSet(false, true)) {
            Thread.onSpinWait(); // a producer runs what shutdown() left; it is brief
        }
        try {
            while (true) {
                Thread.interrupted(); // shutdown()'s nudge to a stuck listener; the queue is still heard
                if (drain()) {
                    LockSupport.parkNanos(this, batchNanos); // busy: look again soon, unwoken
                    continue;
                }
                if (stopped) {
                    return;
                }
                steps.beforeAnnounce();
                sleeping.set(true);
                if (!queue.isEmpty() || stopped) {
                    sleeping.set(false);
                    continue;
                }
                steps.beforePark();
                LockSupport.parkNanos(this, idleParkNanos);
                sleeping.set(false);
            }
        } finally {
            steps.beforeExit();
            consuming.set(false);
            drainIfFree(); // a notification offered as this thread ended
        }
    }

    /** Runs every notification waiting; {@code true} when there was one. Only while {@code consuming}. */
    private boolean drain() {
        boolean any = false;
        Object n;
        while ((n = queue.poll()) != null) {
            any = true;
            if (n instanceof Conversion) {
                Conversion event = (Conversion) n;
                try {
                    guarded(() -> listener.onDropped(event, DropReason.QUEUE_FULL));
                } finally {
                    room.release();
                }
            } else {
                Notification call = (Notification) n;
                try {
                    guarded(call.call());
                } finally {
                    room.release(call.events());
                }
            }
        }
        return any;
    }

    /** Runs what waits in the queue here, unless the listener thread (or another caller) polls it. */
    private void drainIfFree() {
        while (!queue.isEmpty() && consuming.compareAndSet(false, true)) {
            try {
                drain();
            } finally {
                consuming.set(false);
            }
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
        enqueue(new Notification(0, heard::countDown));
        try {
            return heard.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Lets waiting notifications run until {@code deadlineNanos}, then ends the listener thread once
     * it has run the rest; later notifications run on the thread that reports them.
     */
    void shutdown(long deadlineNanos) {
        boolean heard = awaitHeard(deadlineNanos);
        synchronized (startLock) {
            stopped = true; // under the lock that starts the thread: none starts after this
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t); // an idle thread ends now, not after its idle timeout
        }
        if (!heard && t != null) {
            log.warn(
                    "pagent DeliveryListener did not hear {} notification(s) within the shutdown timeout:"
                            + " it is too slow or stuck",
                    queue.size());
            t.interrupt();
        }
    }
}
