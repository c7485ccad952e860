package ai.pagent.jdbc.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a repeated warning at most once per interval, saying how many were held back, so that a
 * database outage writes a line every so often instead of one per attempt.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Logs now, or counts toward the next line when one was logged recently. */
    void warn(String message, Object... args) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0)
                || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long held = suppressed.getAndSet(0);
        if (held > 0) {
            log.warn(message + " (" + held + " similar warnings held back)", args);
        } else {
            log.warn(message, args);
        }
    }

    /** Starts afresh: the next warning is logged at once. */
    void reset() {
        nextAllowed.set(Long.MIN_VALUE);
        suppressed.set(0);
    }
}
