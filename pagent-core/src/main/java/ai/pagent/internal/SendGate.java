package ai.pagent.internal;

import ai.pagent.PagentStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pauses every sender of one client shares: after a 429 nobody sends until the wait is over,
 * and then one sender alone (the probe) until its request is answered, so that a server still
 * limiting answers one 429 rather than one per sender that waited; after a 401, 403 or 404 nobody
 * sends until the key source yields another key or a slow re-probe comes due; after {@link
 * #abandon()} every wait ends at once. Requests under way also keep to the limit of requests in
 * flight at the moment they are sent ({@link #beginSend()}): a limit cut by a 429 holds back the
 * batches formed before the cut instead of letting them all go when the pause ends. A sender calls
 * {@link #sent()} once the request it began has an answer (or failed), whatever the answer.
 *
 * <p>State is read without a lock ({@link #pausedState()} backs {@code stats()}, which never blocks);
 * the monitor is held only to wait and to wake, never while the user's key source runs.
 */
final class SendGate {
    private static final Logger log = LoggerFactory.getLogger(SendGate.class);
    /** How often a paused client asks its key source for a new key. */
    static final long KEY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** The longest wait between re-probes of a refused key or a missing endpoint. */
    static final long MAX_REPROBE_NANOS = TimeUnit.MINUTES.toNanos(30);

    /**
     * Why nobody sends: a refused key ({@code key} is what was refused, {@code null} when the source
     * yielded none) or a missing endpoint ({@code keyBound} false), and when to try again anyway.
     */
    private record Refusal(@Nullable String key, boolean keyBound, long reprobeAt) {}

    private final ApiKey apiKey;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final long reprobeNanos;
    private final IntSupplier inFlightLimit;
    private final SendClock clock;
    private final Object monitor = new Object();

    private volatile boolean rateLimited;
    private volatile long rateLimitedUntil; // clock.nanoTime() deadline, valid while rateLimited
    private volatile @Nullable Refusal refusal;
    private volatile boolean abandoned;
    private volatile boolean closing;
    /** The sender that alone may send after a rate-limit pause, until {@link #sent()}; else null. */
    private volatile @Nullable Thread probe;
    // Guarded by monitor.
    private int rateLimitStreak;
    private int refusalStreak;
    private int awaitingProbe;
    private int sending;
    private int awaitingSlot;

    SendGate(ApiKey apiKey, Duration initialBackoff, Duration maxBackoff, Duration refusalReprobe) {
        this(apiKey, initialBackoff, maxBackoff, refusalReprobe, () -> Integer.MAX_VALUE);
    }

    /** As above, with requests under way held to {@code inFlightLimit} (read at each send). */
    SendGate(
            ApiKey apiKey,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration refusalReprobe,
            IntSupplier inFlightLimit) {
        this(apiKey, initialBackoff, maxBackoff, refusalReprobe, inFlightLimit, SendClock.SYSTEM);
    }

    /** As above, with the time that pauses are measured and waited in ({@link SendClock#SYSTEM} but in tests). */
    SendGate(
            ApiKey apiKey,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration refusalReprobe,
            IntSupplier inFlightLimit,
            SendClock clock) {
        this.inFlightLimit = inFlightLimit;
        this.clock = clock;
        this.apiKey = apiKey;
        this.initialBackoffNanos = Math.max(1, initialBackoff.toNanos());
        this.maxBackoffNanos = Math.max(initialBackoffNanos, maxBackoff.toNanos());
        this.reprobeNanos = Math.max(1, refusalReprobe.toNanos());
    }

    /** Waits while the client is rate limited or refused; {@code false} once abandoned. */
    boolean awaitOpen() {
        while (!abandoned) {
            long now = clock.nanoTime();
            if (rateLimited) {
                long left = rateLimitedUntil - now;
                if (left > 0) {
                    waitNanos(left);
                    continue;
                }
                endRateLimit();
                continue;
            }
            Thread p = probe;
            if (p != null && p != Thread.currentThread()) {
                awaitProbe(p);
                continue;
            }
            Refusal r = refusal;
            if (r == null) {
                return true;
            }
            if (now - r.reprobeAt() >= 0) {
                clear(r, "pagent delivery was paused by a 401, 403 or 404; probing again with the same settings");
                continue;
            }
            if (r.keyBound()) {
                // The key source may be slow (a secrets lookup): ask it outside any lock.
                String key = currentKeyOrNull();
                if (key != null && !key.equals(r.key())) {
                    clear(r, "pagent API key changed; delivery resumes");
                    continue;
                }
            }
            waitNanos(Math.min(KEY_RECHECK_NANOS, r.reprobeAt() - now));
        }
        return false;
    }

    /** The rate-limit pause is over: the calling sender becomes the probe, the others wait for its answer. */
    private void endRateLimit() {
        synchronized (monitor) {
            if (rateLimited && rateLimitedUntil - clock.nanoTime() <= 0) {
                rateLimited = false;
                probe = Thread.currentThread();
            }
        }
    }

    private void awaitProbe(Thread p) {
        synchronized (monitor) {
            if (probe != p || abandoned || rateLimited) {
                return;
            }
            awaitingProbe++;
            try {
                clock.await(monitor, KEY_RECHECK_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned = true;
            } finally {
                awaitingProbe--;
            }
        }
    }

    /**
     * Waits until fewer requests are under way than the limit of requests in flight allows now, then
     * counts one more, to be ended by {@link #sent()}; {@code false} once abandoned.
     */
    boolean beginSend() {
        synchronized (monitor) {
            while (sending >= Math.max(1, inFlightLimit.getAsInt())) {
                if (abandoned) {
                    return false;
                }
                awaitingSlot++;
                try {
                    clock.await(monitor, KEY_RECHECK_NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    abandoned = true;
                    return false;
                } finally {
                    awaitingSlot--;
                }
            }
            sending++;
            return true;
        }
    }

    /**
     * The request the calling sender began was answered or failed: one fewer under way, and if it was
     * the probe after a rate-limit pause, the others may send again (a 429 to it has already started
     * the next pause).
     */
    void sent() {
        synchronized (monitor) {
            sending = Math.max(0, sending - 1);
            if (probe == Thread.currentThread()) {
                probe = null;
                monitor.notifyAll();
            } else if (awaitingSlot > 0) {
                monitor.notifyAll();
            }
        }
    }

    /** Senders waiting for a request under way to end; for tests. */
    int awaitingSlot() {
        synchronized (monitor) {
            return awaitingSlot;
        }
    }

    /** Whether a probe after a rate-limit pause is under way, holding the other senders; for tests. */
    boolean probing() {
        return probe != null;
    }

    /** Senders waiting for the probe's answer now; for tests. */
    int awaitingProbe() {
        synchronized (monitor) {
            return awaitingProbe;
        }
    }

    private void clear(Refusal r, String message) {
        synchronized (monitor) {
            if (refusal != r) {
                return;
            }
            refusal = null;
            monitor.notifyAll();
        }
        log.info(message);
    }

    /** Waits {@code millis}, cut short by {@link #abandon()}; {@code false} when abandoned. */
    boolean pause(long millis) {
        long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!abandoned) {
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                return true;
            }
            waitNanos(left);
        }
        return false;
    }

    /**
     * pagent refused the key now in use (401, 403), or the key source yielded none: hold every
     * sender until the source yields another key, or until a re-probe with the same key comes due.
     */
    void refuseCurrentKey() {
        refuse(currentKeyOrNull(), true); // read outside the monitor: the source may be slow
    }

    /** The endpoint is not there (404): hold every sender until a re-probe comes due. */
    void refuseEndpoint() {
        refuse(null, false);
    }

    private void refuse(@Nullable String key, boolean keyBound) {
        synchronized (monitor) {
            long wait = reprobeNanos << Math.min(refusalStreak, 20);
            refusalStreak++;
            refusal = new Refusal(key, keyBound, clock.nanoTime() + Math.min(wait, MAX_REPROBE_NANOS));
        }
    }

    /**
     * pagent asked to slow down: hold every sender for {@code retryAfter}, but never less than the
     * current backoff, which doubles with each 429 in a row (a {@code Retry-After: 0} is no reason to
     * hammer a server that just said it is overloaded). A 429 that arrives while the client already
     * waits for an earlier one (a request sent before that one was answered) does not double it: it
     * is the same overload, however many requests were in flight.
     */
    void rateLimit(Optional<Duration> retryAfter) {
        synchronized (monitor) {
            long now = clock.nanoTime();
            boolean waiting = rateLimited && rateLimitedUntil - now > 0;
            long backoff = Math.min(initialBackoffNanos << Math.min(rateLimitStreak, 30), maxBackoffNanos);
            if (backoff <= 0) {
                backoff = maxBackoffNanos;
            }
            long asked = retryAfter.map(Duration::toNanos).orElse(0L);
            if (!waiting) {
                rateLimitStreak++;
            }
            long until = now + Math.max(asked, backoff);
            if (!rateLimited || until - rateLimitedUntil > 0) {
                rateLimitedUntil = until;
            }
            rateLimited = true;
        }
    }

    /** A request went through: the next 429 or refusal backs off from the start again. */
    void succeeded() {
        synchronized (monitor) {
            rateLimitStreak = 0;
            refusalStreak = 0;
        }
    }

    /** close() began: senders should probe an open circuit instead of waiting it out. */
    void closing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    /** Ends every wait, now and later. */
    void abandon() {
        synchronized (monitor) {
            abandoned = true;
            monitor.notifyAll();
        }
    }

    boolean isAbandoned() {
        return abandoned;
    }

    /** The paused state, or {@code null} when nothing holds the senders here; never blocks. */
    PagentStats.@Nullable State pausedState() {
        if (refusal != null) {
            return PagentStats.State.PAUSED_UNAUTHORIZED;
        }
        if (rateLimited && rateLimitedUntil - clock.nanoTime() > 0) {
            return PagentStats.State.RATE_LIMITED;
        }
        return null;
    }

    private void waitNanos(long nanos) {
        synchronized (monitor) {
            if (abandoned) {
                return;
            }
            try {
                clock.await(monitor, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned = true;
            }
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
