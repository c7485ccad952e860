package ai.pagent.internal;

import ai.pagent.PagentStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pauses every sender of one client shares: after a 429 nobody sends until the wait is over;
 * after a 401 nobody sends until the key source yields another key; after {@link #abandon()} every
 * wait ends at once. Senders wait here, on one monitor, so that close() can wake them all.
 */
final class SendGate {
    private static final Logger log = LoggerFactory.getLogger(SendGate.class);
    /** How often a client paused by a 401 asks its key source for a new key. */
    private static final long KEY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ApiKey apiKey;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    // Guarded by this.
    private long rateLimitedUntil; // System.nanoTime() deadline, valid while rateLimited
    private boolean rateLimited;
    private int rateLimitStreak;
    private @Nullable String refusedKey;
    private volatile boolean abandoned;

    SendGate(ApiKey apiKey, Duration initialBackoff, Duration maxBackoff) {
        this.apiKey = apiKey;
        this.initialBackoffMillis = Math.max(1, initialBackoff.toMillis());
        this.maxBackoffMillis = maxBackoff.toMillis();
    }

    /** Waits while the client is rate limited or its key refused; {@code false} once abandoned. */
    synchronized boolean awaitOpen() {
        while (!abandoned) {
            if (rateLimited) {
                long left = rateLimitedUntil - System.nanoTime();
                if (left > 0) {
                    waitNanos(left);
                    continue;
                }
                rateLimited = false;
            }
            if (refusedKey != null) {
                String key = currentKeyOrNull();
                if (key == null || key.equals(refusedKey)) {
                    waitNanos(KEY_RECHECK_NANOS);
                    continue;
                }
                refusedKey = null;
                log.info("pagent API key changed; delivery resumes");
            }
            return true;
        }
        return false;
    }

    /** Waits {@code millis}, cut short by {@link #abandon()}; {@code false} when abandoned. */
    synchronized boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!abandoned) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            waitNanos(left);
        }
        return false;
    }

    /** pagent refused the key now in use: hold every sender until the key source yields another. */
    synchronized void refuseCurrentKey() {
        String key = currentKeyOrNull();
        refusedKey = key == null ? "" : key;
    }

    /** pagent asked to slow down: hold every sender for {@code retryAfter}, or a growing backoff. */
    synchronized void rateLimit(Optional<Duration> retryAfter) {
        long wait = retryAfter.map(Duration::toNanos).orElseGet(() -> TimeUnit.MILLISECONDS.toNanos(backoffMillis()));
        rateLimitStreak++;
        long until = System.nanoTime() + wait;
        if (!rateLimited || until - rateLimitedUntil > 0) {
            rateLimitedUntil = until;
        }
        rateLimited = true;
    }

    /** A request went through: the next 429 without {@code Retry-After} backs off from the start. */
    synchronized void succeeded() {
        rateLimitStreak = 0;
    }

    /** Ends every wait, now and later. */
    synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    boolean isAbandoned() {
        return abandoned;
    }

    /** The paused state, or {@code null} when nothing holds the senders here. */
    synchronized PagentStats.@Nullable State pausedState() {
        if (refusedKey != null) {
            return PagentStats.State.PAUSED_UNAUTHORIZED;
        }
        if (rateLimited && rateLimitedUntil - System.nanoTime() > 0) {
            return PagentStats.State.RATE_LIMITED;
        }
        return null;
    }

    private long backoffMillis() {
        long value = initialBackoffMillis << Math.min(rateLimitStreak, 30);
        return Math.min(value <= 0 ? Long.MAX_VALUE : value, maxBackoffMillis);
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
        }
    }

    private @Nullable String currentKeyOrNull() {
        try {
            return apiKey.current();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
