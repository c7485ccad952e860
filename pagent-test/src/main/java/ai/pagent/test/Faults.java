package ai.pagent.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The faults a test asked {@link FakeIngest} for: one-shot faults queued in the order asked, and
 * standing ones (latency, an outage, a rate bound, a body size limit, a poison predicate) that last
 * until changed or {@link #reset}.
 */
final class Faults {

    /** What one request meets, taken atomically. */
    record Draw(
            @Nullable Fault fault,
            Duration latency,
            int outageStatus,
            int maxRequestBytes,
            @Nullable RequestRate rate,
            @Nullable Duration rateRetryAfter,
            @Nullable Predicate<ReceivedEvent> poison) {}

    private final LongSupplier nanoClock;
    // Everything below is guarded by this.
    private final ArrayDeque<Fault> queue = new ArrayDeque<>();
    private Duration latency = Duration.ZERO;
    private int outageStatus;
    private int maxRequestBytes = Integer.MAX_VALUE;
    private @Nullable RequestRate rate;
    private @Nullable Duration rateRetryAfter;
    private @Nullable Predicate<ReceivedEvent> poison;
    private int acceptFewerBy = -1;

    Faults(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    synchronized void enqueue(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
    }

    /**
     * Takes what a request meets. Only a POST to the conversions path that no outage answers takes
     * the next queued fault.
     */
    synchronized Draw draw(boolean conversionsPost, int bodyBytes) {
        Fault fault = null;
        if (conversionsPost && outageStatus == 0 && bodyBytes <= maxRequestBytes) {
            fault = queue.pollFirst();
        }
        return new Draw(fault, latency, outageStatus, maxRequestBytes, rate, rateRetryAfter, poison);
    }

    synchronized void latency(Duration latency) {
        this.latency = latency;
    }

    synchronized void outage(int status) {
        this.outageStatus = status;
    }

    synchronized void maxRequestBytes(int bytes) {
        this.maxRequestBytes = bytes;
    }

    synchronized void rateLimitAbove(int perSecond, Duration retryAfter) {
        this.rate = new RequestRate(perSecond, nanoClock);
        this.rateRetryAfter = retryAfter;
    }

    synchronized void poison(Predicate<ReceivedEvent> poison) {
        this.poison = poison;
    }

    synchronized void acceptFewer(int fewer) {
        this.acceptFewerBy = fewer;
    }

    /** Returns how many of {@code sent} events the next success accepts, using up {@link #acceptFewer}. */
    synchronized int takeAccepted(int sent) {
        if (acceptFewerBy < 0) {
            return sent;
        }
        int accepted = Math.max(0, sent - acceptFewerBy);
        acceptFewerBy = -1;
        return accepted;
    }

    synchronized void reset() {
        queue.clear();
        latency = Duration.ZERO;
        outageStatus = 0;
        maxRequestBytes = Integer.MAX_VALUE;
        rate = null;
        rateRetryAfter = null;
        poison = null;
        acceptFewerBy = -1;
    }

    /** The error text of an injected {@code status}: what a real server or proxy would say. */
    static String failureMessage(int status) {
        String reason = switch (status) {
            case 400 -> "bad request";
            case 401 -> "invalid API key";
            case 403 -> "forbidden: this API key may not send conversions";
            case 404 -> "not found";
            case 408 -> "request timeout";
            case 409 -> "conflict";
            case 413 -> "request body too large";
            case 422 -> "unprocessable request";
            case 429 -> "rate limit exceeded";
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "service unavailable";
            case 504 -> "gateway timeout";
            default -> "";
        };
        return "injected failure: " + status + (reason.isEmpty() ? "" : " " + reason);
    }
}
