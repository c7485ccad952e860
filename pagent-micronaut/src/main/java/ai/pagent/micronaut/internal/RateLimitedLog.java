package ai.pagent.micronaut.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a repeated warning at most once per interval, saying how many were held back. */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /** A log writing at most one warning per {@code interval}. */
    public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs {@code message} now, or counts it toward the next line when one was logged recently. */
    public void warn(String message) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0)
                || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            log.debug(message);
            return;
        }
        long held = suppressed.getAndSet(0);
        if (held > 0) {
            log.warn("{} ({} similar warnings held back)", message, held);
        } else {
            log.warn(message);
        }
    }
}
