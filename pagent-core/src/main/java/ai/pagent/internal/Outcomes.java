package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentException;
import ai.pagent.SendResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the final outcome of events: counts it, tells the listener, and keeps the last problem
 * for {@code stats()}. The one place where an event's outcome is decided to have happened.
 */
final class Outcomes {
    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);

    final DeliveryCounters counters = new DeliveryCounters();
    private final @Nullable ListenerInvoker listener;
    private final RateLimitedLog deliveryLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private volatile @Nullable String problem;

    Outcomes(@Nullable DeliveryListener listener, PagentThreads threads, int listenerCapacity) {
        this.listener = listener == null ? null : new ListenerInvoker(listener, threads, listenerCapacity);
    }

    void accepted(List<Conversion> batch, SendResult result) {
        counters.accepted.addAndGet(batch.size());
        if (result.partial()) {
            counters.unconfirmed.addAndGet(result.sent() - Math.max(0, result.accepted()));
            deliveryLog.warn("pagent accepted " + result.accepted() + " of " + result.sent()
                    + " events in a request; the rest are not resent (counted as unconfirmed)");
        }
        if (listener != null) {
            listener.accepted(batch);
        }
    }

    void failed(List<Conversion> batch, PagentException cause) {
        counters.failed.addAndGet(batch.size());
        problem = cause.getMessage();
        failureLog.warn(
                "pagent rejected or could not take " + batch.size() + " event(s), not retrying: " + cause.getMessage());
        if (listener != null) {
            listener.failed(batch, cause);
        }
    }

    /** Events the client gave up at shutdown, reported from any of its threads. */
    void dropped(List<Conversion> batch, DropReason reason) {
        if (batch.isEmpty()) {
            return;
        }
        counters.dropped(reason, batch.size());
        if (listener != null) {
            listener.dropped(batch, reason);
        }
    }

    /** An event dropped on the caller's thread: never waits for the listener's queue. */
    void droppedOnCaller(Conversion event, DropReason reason) {
        counters.dropped(reason, 1);
        if (listener != null) {
            listener.droppedOnCaller(event, reason);
        }
    }

    void problem(@Nullable String text) {
        problem = text;
    }

    @Nullable
    String problem() {
        return problem;
    }

    void warn(String message) {
        deliveryLog.warn(message);
    }

    /** Waits until the listener heard every outcome recorded so far; {@code true} without a listener. */
    boolean awaitHeard(long deadlineNanos) {
        return listener == null || listener.awaitHeard(deadlineNanos);
    }

    void shutdownListener(long deadlineNanos) {
        if (listener != null) {
            listener.shutdown(deadlineNanos);
        }
    }
}
