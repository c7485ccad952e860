package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The dispatcher thread's job ({@code pagent-N-dispatcher}): forms batches from the buffer and hands
 * each to a sender. A batch goes when it is full, {@code flushInterval} after its first event, or at
 * once when a flush or close wants it; at most {@link InFlightLimit#current()} batches are under way
 * (from {@code maxInFlight} up to {@code maxInFlightLimit} while a backlog persists).
 *
 * <p>No wake-up is lost: before parking, the thread publishes that it is about to park ({@link
 * #IDLE}, or {@link #FILLING} while a batch fills) and looks at the buffer once more; a producer reads
 * that state after its offer and wakes the thread. One of the two always sees the other.
 */
final class BatchFormer implements Runnable {
    /** Working: nobody needs to wake it. */
    static final int BUSY = 0;
    /** Parked without a timeout: the buffer was empty. Any offer wakes it. */
    static final int IDLE = 1;
    /** Parked until the batch's flush interval is up: a full batch wakes it. */
    static final int FILLING = 2;

    /** Longest wait for a sender to finish before looking again whether the client was abandoned. */
    private static final long PERMIT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final DispatcherSettings settings;
    private final EventBuffer buffer;
    private final DeliveryProgress progress;
    private final BatchSender sender;
    private final Outcomes outcomes;
    private final SendGate gate;
    private final Executor senders;
    private final BooleanSupplier closed;
    private final InFlightLimit limit;
    /**
     * Batches handed to senders and not yet finished; only this thread raises it (a sender that
     * claims its next batch itself keeps the permit of the one it finished).
     */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final long flushIntervalNanos;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private volatile @Nullable Thread thread;

    BatchFormer(
            DispatcherSettings settings,
            EventBuffer buffer,
            DeliveryProgress progress,
            BatchSender sender,
            Outcomes outcomes,
            SendGate gate,
            Executor senders,
            InFlightLimit limit,
            BooleanSupplier closed) {
        this.settings = settings;
        this.buffer = buffer;
        this.progress = progress;
        this.sender = sender;
        this.outcomes = outcomes;
        this.gate = gate;
        this.senders = senders;
        this.closed = closed;
        this.limit = limit;
        this.flushIntervalNanos = settings.flushInterval().toNanos();
    }

    /** A producer offered an event, leaving {@code sizeAfter} waiting: wake the thread if it waits for it. */
    void offered(int sizeAfter) {
        int s = state.get();
        if ((s == IDLE || (s == FILLING && sizeAfter >= settings.maxBatchSize())) && state.compareAndSet(s, BUSY)) {
            unpark();
        }
    }

    /** Something changed that the thread must look at now (flush, close, a finished batch). */
    void wake() {
        state.set(BUSY);
        unpark();
    }

    int state() {
        return state.get();
    }

    private void unpark() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long firstSeen = 0;
        while (!gate.isAbandoned()) {
            int size = buffer.size();
            if (size == 0) {
                if (closed.getAsBoolean() && buffer.waiting() == 0) {
                    return;
                }
                firstSeen = 0;
                park(IDLE, 0);
                continue;
            }
            long now = System.nanoTime();
            if (firstSeen == 0) {
                firstSeen = now;
            }
            long left = firstSeen + flushIntervalNanos - now;
            if (left > 0 && !due(size)) {
                park(FILLING, left);
                continue;
            }
            if (!acquireSendPermit()) {
                return; // abandoned: close() drops what is left
            }
            int remaining = buffer.size();
            if (remaining < size
                    && (remaining == 0
                            || (!due(remaining) && firstSeen + flushIntervalNanos - System.nanoTime() > 0))) {
                // While this thread waited for a permit, senders took full batches themselves
                // (sendAndFinish): what is left waits for its own flush interval, as before.
                inFlight.decrementAndGet();
                continue;
            }
            List<Conversion> batch = new ArrayList<>(Math.min(size, settings.maxBatchSize()));
            long start = progress.claimBatch(batch, settings.maxBatchSize());
            if (start < 0) {
                inFlight.decrementAndGet();
                if (closed.getAsBoolean()) {
                    return;
                }
                continue;
            }
            firstSeen = buffer.size() > 0 ? System.nanoTime() : 0;
            try {
                senders.execute(() -> sendAndFinish(batch, start));
            } catch (RejectedExecutionException e) {
                outcomes.dropped(batch, DropReason.SHUTDOWN);
                finish(batch, start);
            }
        }
    }

    private boolean due(int size) {
        return size >= settings.maxBatchSize() || closed.getAsBoolean() || progress.flushWanted();
    }

    /**
     * Publishes {@code how} it waits, looks once more, then parks; a producer that offered before
     * the publication is seen by the second look, one that offered after it sees the state.
     */
    private void park(int how, long nanos) {
        state.set(how);
        int size = buffer.size();
        // Events on disk only (a durable buffer) come into memory with a wake(): wait for that.
        boolean wanted = how == IDLE
                ? size > 0 || (buffer.waiting() == 0 && (closed.getAsBoolean() || progress.flushWanted()))
                : due(size);
        if (!wanted) {
            if (how == IDLE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        }
        state.set(BUSY);
    }

    /**
     * Sends {@code batch}, then, while a full batch waits and the limit still has room for this one,
     * claims and sends the next batch itself, keeping the permit: draining a backlog then costs no
     * hand-over per batch (the dispatcher thread woken to claim it, a sender thread woken to send it,
     * two context switches on the machine's few cores). Partial batches stay the dispatcher's: their
     * timing (flush interval, flush, close) is its job.
     */
    private void sendAndFinish(List<Conversion> batch, long start) {
        List<Conversion> current = batch;
        long at = start;
        try {
            while (true) {
                try {
                    sender.send(current);
                } finally {
                    buffer.completed(current);
                    progress.finished(at, current.size());
                }
                List<Conversion> next = new ArrayList<>(settings.maxBatchSize());
                at = claimFollowing(next);
                if (at < 0) {
                    return;
                }
                current = next;
            }
        } finally {
            inFlight.decrementAndGet();
            wake();
        }
    }

    /**
     * Claims the next full batch for the sender that just finished one, or returns {@code -1} when
     * it should give its permit back: fewer than a full batch wait, the limit fell below the batches
     * under way, or the client was abandoned.
     */
    private long claimFollowing(List<Conversion> into) {
        if (gate.isAbandoned() || inFlight.get() > limit.current() || buffer.size() < settings.maxBatchSize()) {
            return -1;
        }
        long start = progress.claimBatch(into, settings.maxBatchSize());
        if (start >= 0 && inFlight.get() < limit.current()) {
            wake(); // the limit grew: the dispatcher thread fills the new room
        }
        return start;
    }

    private void finish(List<Conversion> batch, long start) {
        buffer.completed(batch);
        inFlight.decrementAndGet();
        progress.finished(start, batch.size());
        wake();
    }

    /**
     * Waits until fewer batches are under way than the limit allows, then counts one more; a finished
     * batch wakes this thread ({@link #finish}). {@code false} once abandoned.
     */
    private boolean acquireSendPermit() {
        while (inFlight.get() >= limit.current()) {
            if (gate.isAbandoned() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, PERMIT_POLL_NANOS);
        }
        inFlight.incrementAndGet();
        return true;
    }
}
