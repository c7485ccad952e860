package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's {@link DeliveryListener} on a thread of its own ({@code pagent-listener}), never
 * on a request thread and never holding up delivery. A listener that throws is logged (the first time
 * at WARN with the stack trace, then at DEBUG); a listener too slow to keep up loses notifications,
 * which is logged; the counts in {@code stats()} stay exact either way.
 */
final class ListenerInvoker {
    private static final Logger log = LoggerFactory.getLogger(ListenerInvoker.class);
    private static final int MAX_WAITING_NOTIFICATIONS = 10_000;

    private final DeliveryListener listener;
    private final ThreadPoolExecutor executor;
    private final RateLimitedLog overflow = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private volatile boolean warnedOnce;

    ListenerInvoker(DeliveryListener listener, PagentThreads threads) {
        this.listener = listener;
        this.executor = new ThreadPoolExecutor(
                0,
                1,
                10,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING_NOTIFICATIONS),
                threads.factory("listener"));
    }

    void accepted(List<Conversion> events) {
        run(() -> listener.onAccepted(events));
    }

    void failed(List<Conversion> events, PagentException cause) {
        run(() -> listener.onFailed(events, cause));
    }

    void dropped(Conversion event, DropReason reason) {
        run(() -> listener.onDropped(event, reason));
    }

    void dropped(List<Conversion> events, DropReason reason) {
        run(() -> {
            for (Conversion event : events) {
                listener.onDropped(event, reason);
            }
        });
    }

    private void run(Runnable call) {
        try {
            executor.execute(() -> invoke(call));
        } catch (RejectedExecutionException e) {
            overflow.warn("pagent DeliveryListener is too slow or the client is closed: a notification was"
                    + " skipped (stats() still counts every event)");
        }
    }

    private void invoke(Runnable call) {
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

    /** Lets waiting notifications run for up to {@code nanos}, then stops the thread. */
    void shutdown(long nanos) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
