package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of a client's delivery: takes tracked events off request threads, lets {@link
 * BatchFormer} batch them and {@link BatchSender} send them, and on {@link #close()} delivers what it
 * can within {@code shutdownTimeout} and drops the rest.
 *
 * <p>Request threads only offer to a bounded lock-free buffer ({@link #track}); threads start with
 * the first event. Every event ends accepted, failed or dropped ({@link Outcomes}).
 */
public final class BatchDispatcher {
    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);
    /** What close() may take beyond {@code shutdownTimeout} to stop threads and tell the listener. */
    static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a sender thread beyond the ones needed waits for work before it ends. */
    static final long SENDER_KEEP_ALIVE_SECONDS = 30;

    private final DispatcherSettings settings;
    private final Transport transport;
    private final EventBuffer buffer;
    private final PagentThreads threads = new PagentThreads();
    private final Outcomes outcomes;
    private final SendGate gate;
    private final BatchSender sender;
    private final InFlightLimit limit;
    private final DeliveryProgress progress;
    private final RateLimitedLog queueFullLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private final String queueFullMessage;

    // Lifecycle. closed: track() refuses; drained: close() took the buffer's rest.
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile boolean drained;
    private final CountDownLatch closeDone = new CountDownLatch(1);
    private volatile @Nullable BatchFormer former;
    private @Nullable Thread formerThread; // guarded by lifecycle
    private @Nullable SenderPool senders; // guarded by lifecycle

    public BatchDispatcher(
            DispatcherSettings settings, Transport transport, ApiKey apiKey, @Nullable DeliveryListener listener) {
        this(settings, transport, apiKey, listener, null, null);
    }

    /**
     * A dispatcher whose events also wait in a durable spool when {@code spool} is given; what a
     * previous process left there is sent (and counted as queued) from the start.
     */
    public BatchDispatcher(
            DispatcherSettings settings,
            Transport transport,
            ApiKey apiKey,
            @Nullable DeliveryListener listener,
            @Nullable SpoolSettings spool) {
        this(settings, transport, apiKey, listener, spool, null);
    }

    BatchDispatcher(
            DispatcherSettings settings,
            Transport transport,
            ApiKey apiKey,
            @Nullable DeliveryListener listener,
            EventBuffer buffer) {
        this(settings, transport, apiKey, listener, null, buffer);
    }

    private BatchDispatcher(
            DispatcherSettings settings,
            Transport transport,
            ApiKey apiKey,
            @Nullable DeliveryListener listener,
            @Nullable SpoolSettings spool,
            @Nullable EventBuffer given) {
        this.settings = settings;
        this.transport = transport;
        this.outcomes = new Outcomes(listener, threads, settings.listenerCapacity());
        this.buffer = given != null
                ? given
                : spool != null
                        ? openSpool(spool)
                        : new MemoryEventBuffer(settings.queueCapacity(), settings.queueCapacityBytes());
        EventBuffer waiting = this.buffer;
        this.limit = new InFlightLimit(
                settings.maxInFlight(), settings.maxInFlightLimit(), settings.maxBatchSize(), waiting::waiting);
        InFlightLimit inFlight = this.limit;
        this.gate = new SendGate(
                apiKey, settings.initialBackoff(), settings.maxBackoff(), settings.refusalReprobe(), inFlight::current);
        this.sender = new BatchSender(settings, transport, gate, outcomes, limit);
        this.progress = new DeliveryProgress(buffer);
        this.queueFullMessage = "pagent queue is full (" + settings.queueCapacity() + " events or "
                + settings.queueCapacityBytes() + " bytes): dropping events; pagent may be unreachable or traffic"
                + " exceeds what the client can send (see stats())";
        if (buffer.waiting() > 0) {
            start(); // a previous process left events in the spool
        }
    }

    private SpoolEventBuffer openSpool(SpoolSettings spool) {
        long bytes = settings.queueCapacityBytes(); // the spool's memory has the same byte budget
        SpoolEventBuffer b = new SpoolEventBuffer(spool, settings.queueCapacity(), bytes, threads, new SpoolEvents() {
            @Override
            public void available() {
                BatchFormer f = former;
                if (f != null) {
                    f.wake();
                }
            }

            @Override
            public void dropped(List<Conversion> events, DropReason reason, Runnable leave) {
                outcomes.dropped(events, reason);
                settled(events.size(), leave);
            }

            @Override
            public void lost(int count, DropReason reason, Runnable leave) {
                outcomes.counters.dropped(reason, count);
                settled(count, leave);
            }

            private void settled(int count, Runnable leave) {
                DeliveryProgress p = progress; // null only while this constructor runs: no flush waits yet
                if (p != null) {
                    p.settled(count, leave);
                } else {
                    leave.run();
                }
            }
        });
        outcomes.counters.queued.add(b.recovered());
        return b;
    }

    // ---------------------------------------------------------------- request threads

    /** Queues {@code event} without blocking; {@code false} when it was dropped instead. */
    public boolean track(Conversion event) {
        outcomes.counters.queued.increment();
        if (closed) {
            outcomes.droppedOnCaller(event, DropReason.CLOSED);
            return false;
        }
        int size = buffer.offer(event);
        if (size < 0) {
            outcomes.droppedOnCaller(event, DropReason.QUEUE_FULL);
            queueFullLog.warn(queueFullMessage);
            return false;
        }
        BatchFormer f = former;
        if (f == null) {
            f = start();
        }
        if (f != null) {
            f.offered(size);
        }
        if (drained) {
            // close() drained the buffer concurrently with this offer: make sure the event is not stranded.
            drainRemaining(true);
            return false;
        }
        return true;
    }

    private @Nullable BatchFormer start() {
        synchronized (lifecycle) {
            BatchFormer f = former;
            if (f == null && !closed) {
                SenderPool pool = new SenderPool(
                        Math.max(settings.maxInFlight(), settings.maxInFlightLimit()),
                        SENDER_KEEP_ALIVE_SECONDS,
                        TimeUnit.SECONDS,
                        threads.factory("sender"));
                f = new BatchFormer(settings, buffer, progress, sender, outcomes, gate, pool, limit, () -> closed);
                Thread t = threads.thread("dispatcher", f);
                senders = pool;
                formerThread = t;
                former = f;
                t.start();
            }
            return f;
        }
    }

    // ---------------------------------------------------------------- flush, close, stats

    /**
     * Waits until every event tracked before the call has its outcome and the listener heard it;
     * {@code false} on timeout.
     */
    public boolean flush(Duration timeout) {
        return flushUntil(System.nanoTime() + timeout.toNanos());
    }

    private boolean flushUntil(long deadline) {
        long target = progress.requestFlush();
        BatchFormer f = former;
        if (f != null) {
            f.wake();
        }
        return progress.awaitDone(target, deadline) && outcomes.awaitHeard(deadline);
    }

    /**
     * Stops accepting events, delivers what is queued within {@code shutdownTimeout} (probing an
     * open circuit meanwhile), drops the rest with {@link DropReason#SHUTDOWN}, lets the listener hear
     * every outcome and ends every thread of the client, in about {@code shutdownTimeout} plus a
     * second at most. Idempotent; a concurrent call returns once the first is done.
     */
    public void close() {
        boolean first;
        synchronized (lifecycle) {
            first = !closed;
            closed = true;
        }
        if (!first) {
            awaitClosed();
            return;
        }
        try {
            shutDown();
        } finally {
            closeDone.countDown();
        }
    }

    private void awaitClosed() {
        if (threads.owns(Thread.currentThread())) {
            return; // a listener closing the client: waiting would wait for itself
        }
        try {
            closeDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDown() {
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        long end = deadline + CLOSE_GRACE_NANOS;
        gate.closing();
        BatchFormer f = former;
        if (f != null && !flushUntil(deadline)) {
            log.warn(
                    "pagent could not deliver every queued event within the shutdown timeout of {};"
                            + " dropping the rest",
                    settings.shutdownTimeout());
        }
        buffer.abandon(); // first: a sender that sees the gate abandoned completes its batch as dropped
        gate.abandon();
        transport.close(); // cancels requests under way: their events are dropped as SHUTDOWN
        progress.wakeWaiters();
        Thread t;
        SenderPool pool;
        synchronized (lifecycle) {
            t = formerThread;
            pool = senders;
        }
        if (f != null && t != null) {
            f.wake();
            join(t, end);
        }
        drained = true;
        drainRemaining(false);
        if (pool != null) {
            pool.shutdown();
            awaitTermination(pool, end);
        }
        buffer.close(Math.max(end, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500)));
        progress.wakeWaiters();
        outcomes.shutdownListener(end);
        if (!threads.awaitTermination(Math.max(0, end - System.nanoTime()))) {
            log.warn("a pagent thread did not end within the shutdown timeout of {}", settings.shutdownTimeout());
        }
    }

    /** Drops whatever is still in the buffer after close; safe from any thread. */
    private void drainRemaining(boolean onCaller) {
        List<Conversion> rest = new ArrayList<>();
        progress.claimRest(rest);
        if (onCaller) {
            for (Conversion event : rest) {
                outcomes.droppedOnCaller(event, DropReason.SHUTDOWN);
            }
        } else {
            outcomes.dropped(rest, DropReason.SHUTDOWN);
        }
    }

    private static void join(Thread t, long end) {
        try {
            TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, end - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTermination(SenderPool pool, long end) {
        try {
            if (!pool.awaitTermination(end)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** A consistent snapshot of the counts and the state; never blocks. */
    public DeliverySnapshot stats() {
        return outcomes.counters.snapshot(buffer.waiting(), progress.inFlight(), state(), outcomes.problem());
    }

    private PagentStats.State state() {
        if (closed) {
            return PagentStats.State.CLOSED;
        }
        PagentStats.State paused = gate.pausedState();
        if (paused != null) {
            return paused;
        }
        CircuitBreaker.State circuit = sender.circuitState();
        if (circuit == CircuitBreaker.State.OPEN || circuit == CircuitBreaker.State.HALF_OPEN) {
            return PagentStats.State.CIRCUIT_OPEN;
        }
        return PagentStats.State.RUNNING;
    }

    /** The limit of requests in flight now, for tests. */
    public int inFlightLimit() {
        return limit.current();
    }

    /** The highest limit of requests in flight reached so far, for tests and benchmarks. */
    public int peakInFlightLimit() {
        return limit.peak();
    }

    /** The dispatcher thread's wait state, for tests of its wake-ups. */
    int formerState() {
        BatchFormer f = former;
        return f == null ? BatchFormer.BUSY : f.state();
    }
}
