package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import ai.pagent.InvalidRequestException;
import ai.pagent.PagentException;
import ai.pagent.PagentStats;
import ai.pagent.RateLimitedException;
import ai.pagent.SendResult;
import ai.pagent.ServerErrorException;
import ai.pagent.TransportException;
import ai.pagent.UnauthorizedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one batch to its final outcome under the delivery policy.
 *
 * <p>Outcomes by answer: 200 accepted; 400 and 413 split in halves until the rejected events are
 * isolated, within a budget of requests per batch and backing off when rejections repeat; 401 and
 * 403 pause every sender until the key source yields another key or a slow re-probe comes due; 404
 * pauses the same way (a wrong endpoint); 429 pauses everything for {@code Retry-After}, at least the
 * backoff, then lets one request probe before the others go ({@link SendGate}); 5xx and I/O errors
 * retry with exponential backoff and full jitter (Resilience4j {@link Retry}), while a {@link
 * CircuitBreaker} stops all sending during an outage and probes for recovery soon after opening,
 * waiting longer only while probes keep failing. Waiting for a pause, a rate limit or an open
 * circuit uses up no attempt, so an outage delays events instead of failing them.
 * Every answer (or its absence) is also a sample of the {@link InFlightLimit}.
 */
final class BatchSender {
    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);
    /** How often a sender held by an open circuit looks whether it may probe. */
    static final long OPEN_POLL_MILLIS = 50;
    /** The longest an open circuit waits between probes. */
    static final Duration MAX_OPEN_WAIT = Duration.ofSeconds(30);
    /**
     * Growth of the open circuit's wait per failed probe: gentle, so that delivery resumes within
     * about a second of a few-second outage's end, and still reaches the longest wait in minutes.
     */
    static final double OPEN_WAIT_MULTIPLIER = 1.1;
    /** {@code {"events":[} and {@code ]}} around a batch's events. */
    static final int BATCH_ENVELOPE_BYTES = 13;

    private final Transport transport;
    private final SendGate gate;
    private final Outcomes outcomes;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final long closingProbeNanos;
    private final long maxRequestBytes;
    private final AtomicLong lastClosingProbe;
    private final InFlightLimit limit;
    private final SendClock clock;

    BatchSender(
            DispatcherSettings settings, Transport transport, SendGate gate, Outcomes outcomes, InFlightLimit limit) {
        this(settings, transport, gate, outcomes, limit, SendClock.SYSTEM);
    }

    /** As above, with the time its circuit breaker and latency samples read ({@link SendClock#SYSTEM} but in tests). */
    BatchSender(
            DispatcherSettings settings,
            Transport transport,
            SendGate gate,
            Outcomes outcomes,
            InFlightLimit limit,
            SendClock clock) {
        this.clock = clock;
        this.lastClosingProbe = new AtomicLong(clock.nanoTime());
        this.transport = transport;
        this.limit = limit;
        this.maxRequestBytes = settings.maxRequestBytes();
        this.gate = gate;
        this.outcomes = outcomes;
        this.initialBackoffMillis = Math.max(1, settings.initialBackoff().toMillis());
        this.maxBackoffMillis =
                Math.max(initialBackoffMillis, settings.maxBackoff().toMillis());
        long initial = initialBackoffMillis;
        long max = maxBackoffMillis;
        this.retry = Retry.of(
                "pagent",
                RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        .intervalFunction(attempt -> fullJitter(initial, max, attempt))
                        .retryOnException(BatchSender::isRetryable)
                        .build());
        Duration firstOpenWait = Duration.ofMillis(Math.max(1, Math.min(initial, 1000) / 2));
        Duration maxOpenWait =
                Duration.ofMillis(Math.max(firstOpenWait.toMillis(), Math.min(max, MAX_OPEN_WAIT.toMillis())));
        this.closingProbeNanos = firstOpenWait.toNanos();
        this.breaker = CircuitBreaker.of(
                "pagent",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        // Probe soon after opening; wait longer only while probes keep failing.
                        .waitIntervalFunctionInOpenState(
                                IntervalFunction.ofExponentialBackoff(firstOpenWait, OPEN_WAIT_MULTIPLIER, maxOpenWait))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(BatchSender::isRetryable)
                        .clock(clock.clock())
                        .build());
    }

    /** A uniformly random wait between zero and the capped exponential backoff of this attempt. */
    static long fullJitter(long initialMillis, long maxMillis, int attempt) {
        long ceiling = initialMillis << Math.min(attempt - 1, 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    static boolean isRetryable(Throwable e) {
        return e instanceof ServerErrorException
                || e instanceof TransportException
                || (e instanceof PagentException p && p.statusCode() == 408);
    }

    CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /**
     * Sends {@code batch} until every event in it is accepted, failed or dropped at shutdown. Never
     * throws: an unexpected error fails only the events without an outcome yet.
     */
    void send(List<Conversion> batch) {
        Isolation run = new Isolation(batch);
        try {
            int from = 0;
            long bytes = BATCH_ENVELOPE_BYTES;
            for (int i = 0; i < batch.size(); i++) {
                long cost = EventSize.encodedBytes(batch.get(i)) + (i > from ? 1 : 0); // a comma between events
                if (i > from && bytes + cost > maxRequestBytes) {
                    deliver(run, from, i);
                    from = i;
                    bytes = BATCH_ENVELOPE_BYTES + cost - 1;
                } else {
                    bytes += cost;
                }
            }
            deliver(run, from, batch.size());
        } catch (RuntimeException | Error e) {
            log.error("pagent delivery failed unexpectedly", e);
            outcomes.failed(
                    batch.subList(run.resolved, batch.size()),
                    new PagentException("unexpected delivery error: " + e, 0, e));
        }
    }

    /** One batch's progress: its events before {@code resolved} have their outcome. */
    private static final class Isolation {
        final List<Conversion> batch;
        /** Requests the batch may still spend on isolating rejected events. */
        int splitBudget;
        /** Rejections expected of a single bad event; more back off. */
        final int expectedRejections;

        int rejections;
        int resolved;

        Isolation(List<Conversion> batch) {
            this.batch = batch;
            int depth = 32 - Integer.numberOfLeadingZeros(Math.max(1, batch.size() - 1));
            this.expectedRejections = depth + 1;
            this.splitBudget = 4 * depth;
        }
    }

    private void deliver(Isolation run, int from, int to) {
        List<Conversion> part = run.batch.subList(from, to);
        Retry.AsyncContext<Void> attempts = retry.asyncContext();
        while (true) {
            if (!gate.awaitOpen()) {
                abandon(run, from, to);
                return;
            }
            if (!acquirePermission()) {
                if (!gate.pause(OPEN_POLL_MILLIS)) {
                    abandon(run, from, to);
                    return;
                }
                continue;
            }
            if (!gate.beginSend()) {
                breaker.releasePermission();
                abandon(run, from, to);
                return;
            }
            long started = clock.nanoTime();
            SendResult result;
            try {
                result = sendOnce(part);
            } catch (InvalidRequestException e) {
                long took = clock.nanoTime() - started;
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                limit.answered(took);
                gate.succeeded();
                reject(run, from, to, e);
                return;
            } catch (UnauthorizedException e) {
                breaker.releasePermission();
                gate.refuseCurrentKey();
                outcomes.problem(e.getMessage() + " — sending is paused and events stay queued until the API key"
                        + " changes; the same key is tried again after a while");
                outcomes.warn(
                        "pagent refused the API key (" + e.statusCode() + "); delivery paused: " + e.getMessage());
                continue;
            } catch (RateLimitedException e) {
                breaker.releasePermission();
                outcomes.problem(e.getMessage());
                outcomes.warn("pagent is rate limiting (429); all sending pauses for "
                        + e.retryAfter().map(Duration::toString).orElse("a backoff") + " or the backoff");
                continue;
            } catch (PagentException e) {
                if (e.statusCode() == 404) {
                    breaker.releasePermission();
                    gate.refuseEndpoint();
                    outcomes.problem(e.getMessage() + " — sending is paused and events stay queued; the endpoint"
                            + " is tried again after a while");
                    outcomes.warn("pagent endpoint not found (404); delivery paused: " + e.getMessage());
                    continue;
                }
                if (gate.isAbandoned()) {
                    breaker.releasePermission();
                    abandon(run, from, to);
                    return;
                }
                breaker.onError(clock.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                if (isRetryable(e)) {
                    limit.failed();
                }
                if (!isRetryable(e)) {
                    fail(run, from, to, e);
                    return;
                }
                outcomes.problem(e.getMessage());
                if (breaker.getState() != CircuitBreaker.State.CLOSED) {
                    // An outage, not a flaky request: the batch waits with the queue instead of failing.
                    attempts = retry.asyncContext();
                    outcomes.warn("pagent looks unavailable, pausing delivery (events stay queued): " + e.getMessage());
                    continue;
                }
                long delay = attempts.onError(e);
                if (delay < 0) {
                    fail(run, from, to, e);
                    return;
                }
                outcomes.counters.retried.addAndGet(part.size());
                outcomes.warn("pagent delivery failed, retrying: " + e.getMessage());
                if (!gate.pause(delay)) {
                    abandon(run, from, to);
                    return;
                }
                continue;
            } catch (ApiKeyUnavailableException e) {
                breaker.releasePermission();
                gate.refuseCurrentKey();
                outcomes.problem(e.getMessage() + " — sending is paused and events stay queued until the apiKey"
                        + " supplier yields a key");
                outcomes.warn("pagent has no usable API key; delivery paused: " + e.getMessage());
                continue;
            } catch (RuntimeException e) {
                // An interceptor on the user's OkHttpClient, or a bug: the permission must not leak.
                breaker.releasePermission();
                fail(run, from, to, new PagentException("the request failed unexpectedly: " + e, 0, e));
                return;
            }
            long took = clock.nanoTime() - started;
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            limit.answered(took);
            attempts.onComplete();
            gate.succeeded();
            if (breaker.getState() == CircuitBreaker.State.CLOSED) {
                outcomes.problem(null);
            }
            outcomes.accepted(part, result);
            run.resolved = to;
            return;
        }
    }

    /**
     * One request, begun with {@link SendGate#beginSend()}. A 429 pauses every sender and samples the
     * limit here, before {@link SendGate#sent()} lets the senders that waited for a probe go: they must
     * find the next pause already set.
     */
    private SendResult sendOnce(List<Conversion> part) {
        try {
            return transport.send(part);
        } catch (RateLimitedException e) {
            limit.rateLimited(gate.pausedState() != PagentStats.State.RATE_LIMITED);
            gate.rateLimit(e.retryAfter());
            throw e;
        } finally {
            gate.sent();
        }
    }

    /** Breaker permission; while the client closes, an open circuit is probed at its first rate. */
    private boolean acquirePermission() {
        if (breaker.tryAcquirePermission()) {
            return true;
        }
        if (gate.isClosing() && breaker.getState() == CircuitBreaker.State.OPEN) {
            long last = lastClosingProbe.get();
            long now = clock.nanoTime();
            if (now - last >= closingProbeNanos && lastClosingProbe.compareAndSet(last, now)) {
                try {
                    breaker.transitionToHalfOpenState();
                } catch (RuntimeException e) {
                    return false; // another thread moved the circuit first
                }
                return breaker.tryAcquirePermission();
            }
        }
        return false;
    }

    /** pagent refused the request (400, 413): split it to isolate what it refuses, within the budget. */
    private void reject(Isolation run, int from, int to, InvalidRequestException e) {
        run.rejections++;
        if (to - from == 1 || run.splitBudget < 2) {
            fail(run, from, to, e);
            return;
        }
        run.splitBudget -= 2;
        int beyond = run.rejections - run.expectedRejections;
        if (beyond > 0) {
            long wait = Math.min(initialBackoffMillis << Math.min(beyond - 1, 30), maxBackoffMillis);
            if (!gate.pause(wait < 0 ? maxBackoffMillis : wait)) {
                abandon(run, from, to);
                return;
            }
        }
        int mid = from + (to - from) / 2;
        deliver(run, from, mid);
        deliver(run, mid, to);
    }

    private void fail(Isolation run, int from, int to, PagentException cause) {
        outcomes.failed(run.batch.subList(from, to), cause);
        run.resolved = to;
    }

    private void abandon(Isolation run, int from, int to) {
        outcomes.dropped(run.batch.subList(from, to), DropReason.SHUTDOWN);
        run.resolved = to;
    }
}
