package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
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
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes tracked events off request threads and delivers them in batches.
 *
 * <p>Request threads only offer to a bounded lock-free buffer ({@link #track}). One thread,
 * {@code pagent-N-dispatcher}, forms batches: it sends when a batch is full or {@code flushInterval}
 * after the first waiting event, and hands each batch to one of {@code maxInFlight} sender threads.
 * A sender owns its batch until the batch's final outcome: accepted, failed, or dropped at shutdown.
 *
 * <p>Outcomes by answer: 200 accepted; 400 split in halves until the rejected events are isolated;
 * 401 pause everything until the key source yields another key; 429 pause everything for
 * {@code Retry-After}; 5xx and I/O errors retry with exponential backoff and full jitter (Resilience4j
 * {@link Retry}), while a {@link CircuitBreaker} stops all sending during an outage. Waiting for a
 * pause, a rate limit or an open circuit does not use up attempts: only failures of a closed circuit
 * do, so a long outage delays events instead of failing them.
 */
public final class BatchDispatcher {
    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);

    private final DispatcherSettings settings;
    private final Transport transport;
    private final EventBuffer buffer;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final @Nullable ListenerInvoker listener;
    private final PagentThreads threads = new PagentThreads();
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final RateLimitedLog queueFullLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private final RateLimitedLog deliveryLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private final long flushIntervalNanos;
    private final String queueFullMessage;

    // Lifecycle. closed: track() refuses; drained: the buffer's final drain has begun.
    private volatile boolean closed;
    private volatile boolean drained;
    private final Object lifecycle = new Object();
    private volatile @Nullable Thread batcher;
    private @Nullable ExecutorService senders;
    private final Semaphore sendPermits;

    // Progress, for flush(): events claimed from the buffer so far, and the batches not yet finished
    // (keyed by the index of their first event). Everything below the lowest open batch is done.
    private final AtomicLong claimed = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Integer> openBatches = new ConcurrentSkipListMap<>();
    private final AtomicInteger inFlightEvents = new AtomicInteger();
    private final AtomicLong flushTarget = new AtomicLong();
    private final Object progress = new Object();

    private final SendGate gate;
    private volatile @Nullable String problem;

    public BatchDispatcher(
            DispatcherSettings settings, Transport transport, ApiKey apiKey, @Nullable DeliveryListener listener) {
        this.settings = settings;
        this.transport = transport;
        this.gate = new SendGate(apiKey, settings.initialBackoff(), settings.maxBackoff());
        this.buffer = new MemoryEventBuffer(settings.queueCapacity());
        this.listener = listener == null ? null : new ListenerInvoker(listener, threads);
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.queueFullMessage = "pagent queue is full (" + settings.queueCapacity()
                + " events): dropping events; pagent may be unreachable or traffic exceeds what the"
                + " client can send (see stats())";
        this.sendPermits = new Semaphore(settings.maxInFlight());
        long initial = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        this.retry = Retry.of(
                "pagent",
                RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        .intervalFunction(attempt -> fullJitter(initial, max, attempt))
                        .retryOnException(BatchDispatcher::isRetryable)
                        .build());
        this.breaker = CircuitBreaker.of(
                "pagent",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(openWait(settings))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(BatchDispatcher::isRetryable)
                        .build());
    }

    /** How long the circuit stays open before a probe: the longest backoff, at most 30 s. */
    private static Duration openWait(DispatcherSettings s) {
        Duration cap = Duration.ofSeconds(30);
        Duration wait = s.maxBackoff().compareTo(cap) > 0 ? cap : s.maxBackoff();
        return wait.isZero() ? Duration.ofMillis(1) : wait;
    }

    /** A uniformly random wait between zero and the capped exponential backoff of this attempt. */
    static long fullJitter(long initialMillis, long maxMillis, int attempt) {
        long ceiling = initialMillis << Math.min(attempt - 1, 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static boolean isRetryable(Throwable e) {
        return e instanceof ServerErrorException
                || e instanceof TransportException
                || (e instanceof PagentException p && p.statusCode() == 408);
    }

    // ---------------------------------------------------------------- request threads

    /** Queues {@code event} without blocking; {@code false} when it was dropped instead. */
    public boolean track(Conversion event) {
        counters.queued.increment();
        if (closed) {
            drop(event, DropReason.CLOSED);
            return false;
        }
        int size = buffer.offer(event);
        if (size < 0) {
            drop(event, DropReason.QUEUE_FULL);
            queueFullLog.warn(queueFullMessage);
            return false;
        }
        Thread b = batcher;
        if (b == null) {
            b = startBatcher();
        }
        if (b != null && (size == 1 || size == settings.maxBatchSize())) {
            LockSupport.unpark(b);
        }
        if (drained) {
            // close() drained the buffer concurrently with this offer: make sure the event is not stranded.
            drainRemaining();
            return false;
        }
        return true;
    }

    private void drop(Conversion event, DropReason reason) {
        counters.dropped(reason, 1);
        if (listener != null) {
            listener.dropped(event, reason);
        }
    }

    private @Nullable Thread startBatcher() {
        synchronized (lifecycle) {
            Thread b = batcher;
            if (b == null && !closed) {
                senders = new ThreadPoolExecutor(
                        settings.maxInFlight(),
                        settings.maxInFlight(),
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(),
                        threads.factory("sender"));
                b = threads.thread("dispatcher", this::formBatches);
                batcher = b;
                b.start();
            }
            return b;
        }
    }

    // ---------------------------------------------------------------- the dispatcher thread

    private void formBatches() {
        long firstSeen = 0;
        while (!gate.isAbandoned()) {
            int size = buffer.size();
            if (size == 0) {
                if (closed) {
                    return;
                }
                firstSeen = 0;
                LockSupport.park(this);
                continue;
            }
            long now = System.nanoTime();
            if (firstSeen == 0) {
                firstSeen = now;
            }
            boolean due = size >= settings.maxBatchSize()
                    || closed
                    || claimed.get() < flushTarget.get()
                    || now - firstSeen >= flushIntervalNanos;
            if (!due) {
                LockSupport.parkNanos(this, firstSeen + flushIntervalNanos - now);
                continue;
            }
            if (!acquireSendPermit()) {
                return; // abandoned: close() drops what is left
            }
            List<Conversion> batch = new ArrayList<>(Math.min(size, settings.maxBatchSize()));
            long start = claimed.get();
            int n;
            synchronized (lifecycle) {
                if (drained) {
                    sendPermits.release();
                    return;
                }
                n = buffer.claim(batch, settings.maxBatchSize());
                if (n > 0) {
                    openBatches.put(start, n);
                    inFlightEvents.addAndGet(n);
                    claimed.set(start + n);
                }
            }
            if (n == 0) {
                sendPermits.release();
                continue;
            }
            firstSeen = buffer.size() > 0 ? System.nanoTime() : 0;
            try {
                Objects.requireNonNull(senders).execute(() -> deliverBatch(batch, start));
            } catch (RejectedExecutionException e) {
                abandon(batch);
                finish(batch, start);
            }
        }
    }

    private boolean acquireSendPermit() {
        try {
            while (!sendPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (gate.isAbandoned()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- sender threads

    private void deliverBatch(List<Conversion> batch, long start) {
        try {
            deliver(batch);
        } catch (RuntimeException | Error e) {
            // A bug must not strand events: count them as failed with the cause.
            log.error("pagent delivery failed unexpectedly", e);
            fail(batch, new PagentException("unexpected delivery error: " + e, 0, e));
        } finally {
            finish(batch, start);
        }
    }

    private void finish(List<Conversion> batch, long start) {
        buffer.completed(batch);
        inFlightEvents.addAndGet(-batch.size());
        openBatches.remove(start);
        sendPermits.release();
        Thread b = batcher;
        if (b != null) {
            LockSupport.unpark(b);
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void deliver(List<Conversion> batch) {
        Retry.AsyncContext<Void> attempts = retry.asyncContext();
        while (true) {
            if (!gate.awaitOpen()) {
                abandon(batch);
                return;
            }
            if (!breaker.tryAcquirePermission()) {
                if (!gate.pause(circuitProbeWaitMillis())) {
                    abandon(batch);
                    return;
                }
                continue;
            }
            long started = System.nanoTime();
            try {
                SendResult result = transport.send(batch);
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                attempts.onComplete();
                accept(batch, result);
                return;
            } catch (InvalidRequestException e) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (batch.size() == 1) {
                    fail(batch, e);
                } else {
                    int half = batch.size() / 2;
                    deliver(batch.subList(0, half));
                    deliver(batch.subList(half, batch.size()));
                }
                return;
            } catch (UnauthorizedException e) {
                breaker.releasePermission();
                pauseUnauthorized(e);
            } catch (RateLimitedException e) {
                breaker.releasePermission();
                pauseRateLimited(e);
            } catch (PagentException e) {
                if (gate.isAbandoned()) {
                    abandon(batch);
                    return;
                }
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                if (!isRetryable(e)) {
                    fail(batch, e);
                    return;
                }
                problem = e.getMessage();
                if (breaker.getState() != CircuitBreaker.State.CLOSED) {
                    // An outage, not a flaky request: the batch waits with the queue instead of failing.
                    attempts = retry.asyncContext();
                    deliveryLog.warn(
                            "pagent looks unavailable, pausing delivery (events stay queued): " + e.getMessage());
                    continue;
                }
                long delay = attempts.onError(e);
                if (delay < 0) {
                    fail(batch, e);
                    return;
                }
                counters.retried.addAndGet(batch.size());
                deliveryLog.warn("pagent delivery failed, retrying: " + e.getMessage());
                if (!gate.pause(delay)) {
                    abandon(batch);
                    return;
                }
            }
        }
    }

    private long circuitProbeWaitMillis() {
        long open = openWait(settings).toMillis();
        return Math.max(1, Math.min(1000, open / 4));
    }

    private void accept(List<Conversion> batch, SendResult result) {
        counters.accepted.addAndGet(batch.size());
        if (result.partial()) {
            counters.unconfirmed.addAndGet(result.sent() - Math.max(0, result.accepted()));
            deliveryLog.warn("pagent accepted " + result.accepted() + " of " + result.sent()
                    + " events in a request; the rest are not resent (counted as unconfirmed)");
        }
        gate.succeeded();
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            problem = null;
        }
        if (listener != null) {
            listener.accepted(List.copyOf(batch));
        }
    }

    private void fail(List<Conversion> batch, PagentException cause) {
        counters.failed.addAndGet(batch.size());
        problem = cause.getMessage();
        failureLog.warn(
                "pagent rejected or could not take " + batch.size() + " event(s), not retrying: " + cause.getMessage());
        if (listener != null) {
            listener.failed(List.copyOf(batch), cause);
        }
    }

    private void abandon(List<Conversion> batch) {
        counters.dropped(DropReason.SHUTDOWN, batch.size());
        if (listener != null) {
            listener.dropped(List.copyOf(batch), DropReason.SHUTDOWN);
        }
    }

    private void pauseUnauthorized(UnauthorizedException e) {
        gate.refuseCurrentKey();
        problem = e.getMessage() + " — sending is paused and events stay queued until the API key changes";
        deliveryLog.warn("pagent refused the API key (401); delivery paused until the key changes: " + e.getMessage());
    }

    private void pauseRateLimited(RateLimitedException e) {
        gate.rateLimit(e.retryAfter());
        problem = e.getMessage();
        deliveryLog.warn("pagent is rate limiting (429); all sending pauses for "
                + e.retryAfter().map(Duration::toString).orElse("a backoff"));
    }

    // ---------------------------------------------------------------- flush, close, stats

    /** Waits until every event tracked before the call has its outcome; {@code false} on timeout. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target;
        synchronized (lifecycle) {
            // Claims happen under this lock, so no event is counted in neither or both of the two.
            target = buffer.size() + claimed.get();
        }
        flushTarget.accumulateAndGet(target, Math::max);
        Thread b = batcher;
        if (b != null) {
            LockSupport.unpark(b);
        }
        synchronized (progress) {
            while (!doneUpTo(target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private boolean doneUpTo(long target) {
        if (claimed.get() < target) {
            return false;
        }
        Map.Entry<Long, Integer> oldestOpen = openBatches.firstEntry();
        return oldestOpen == null || oldestOpen.getKey() >= target;
    }

    /**
     * Stops accepting events, delivers what is queued within {@code shutdownTimeout}, drops the rest
     * with {@link DropReason#SHUTDOWN}, and ends every thread of the client. Idempotent.
     */
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        Thread b = batcher;
        if (b != null) {
            LockSupport.unpark(b);
            boolean delivered = flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (!delivered) {
                log.warn(
                        "pagent could not deliver every queued event within the shutdown timeout of {};"
                                + " dropping the rest",
                        settings.shutdownTimeout());
            }
        }
        gate.abandon();
        transport.close(); // cancels requests under way: their events are dropped as SHUTDOWN
        if (b != null) {
            LockSupport.unpark(b);
            join(b);
        }
        drained = true;
        drainRemaining();
        ExecutorService s = senders;
        if (s != null) {
            s.shutdown();
            awaitTermination(s);
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        if (listener != null) {
            listener.shutdown(TimeUnit.SECONDS.toNanos(2));
        }
        if (!threads.awaitTermination(TimeUnit.SECONDS.toNanos(5))) {
            log.warn("a pagent thread did not end within 5 s of close()");
        }
    }

    /** Drops whatever is still in the buffer after close; safe from any thread. */
    private void drainRemaining() {
        synchronized (lifecycle) {
            List<Conversion> rest = new ArrayList<>();
            int n;
            while ((n = buffer.claim(rest, Integer.MAX_VALUE)) > 0) {
                claimed.addAndGet(n);
            }
            if (!rest.isEmpty()) {
                counters.dropped(DropReason.SHUTDOWN, rest.size());
                if (listener != null) {
                    listener.dropped(rest, DropReason.SHUTDOWN);
                }
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTermination(ExecutorService s) {
        try {
            if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            s.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** A consistent snapshot of the counts and the state. */
    public PagentStats stats() {
        return counters.snapshot(buffer.size(), Math.max(0, inFlightEvents.get()), state(), problem);
    }

    private PagentStats.State state() {
        if (closed) {
            return PagentStats.State.CLOSED;
        }
        PagentStats.State paused = gate.pausedState();
        if (paused != null) {
            return paused;
        }
        CircuitBreaker.State circuit = breaker.getState();
        if (circuit == CircuitBreaker.State.OPEN || circuit == CircuitBreaker.State.HALF_OPEN) {
            return PagentStats.State.CIRCUIT_OPEN;
        }
        return PagentStats.State.RUNNING;
    }
}
