package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventBuffer} that also keeps every event in an on-disk log until its final outcome, so
 * a crash, a kill or a deploy loses nothing that reached the disk; the next client on the same
 * directory sends it.
 *
 * <p>{@code offer} costs the caller two lock-free hand-overs: the event goes into the in-memory
 * queue (for the dispatcher) and to the {@link SpoolWriter}'s thread, which appends it to the log
 * in groups and forces the log to the disk every fsync interval. When the memory queue is full, in
 * events ({@code capacity}) or in bytes, events go to the disk only (their position is kept, 8 bytes
 * each) and are read back as the queue drains, so a backlog is bounded by {@code maxBytes} rather
 * than memory. If the disk fails, the spool falls back to memory with a loud warning; {@code offer}
 * never fails for a disk problem.
 *
 * <p>Memory is bounded in bytes as the in-memory buffer is ({@code capacityBytes}, the events'
 * encoded JSON, {@link EventSize}), counting both the events in the memory queue and those on their
 * way to the disk only. The memory queue may fill all but a reserve of the budget (an eighth, at
 * least one largest event, at most half); past it events go to the disk only instead of being
 * dropped, since the disk keeps them; the reserve lets them through to the writer. Only when the
 * events still waiting for the writer fill the whole budget (the disk is slower than tracking by
 * that much), or after a disk failure when memory is all there is, does {@code offer} refuse one,
 * which the client counts as {@code QUEUE_FULL}.
 */
final class SpoolEventBuffer implements EventBuffer {
    private static final Logger log = LoggerFactory.getLogger(SpoolEventBuffer.class);

    /** A tracked or recovered event on its way through memory and the log. */
    static final class Entry {
        final Conversion event;
        /** In the writer's queue only, not in memory: the writer keeps just its position. */
        final boolean spilled;
        /** Reached its final outcome; the writer skips it if it was not written yet. */
        volatile boolean done;
        /** Not handed to the writer (its queue was full): nothing to acknowledge. */
        volatile boolean memoryOnly;
        /** Where the record is, once written (writer thread). */
        volatile SpoolLog.@Nullable Segment segment;

        long position = -1; // writer thread

        @Nullable
        Entry nextClaimedSame; // the same event object claimed twice; guarded by claimed

        Entry(Conversion event, boolean spilled) {
            this.event = event;
            this.spilled = spilled;
        }
    }

    /** The largest event a client accepts ({@code Conversion.MAX_EVENT_BYTES}). */
    static final int MAX_EVENT_BYTES = 32 * 1024;

    private final int capacity;
    private final long capacityBytes;
    /** Most bytes the memory queue may take: the budget less the reserve for events on their way to disk. */
    private final long memoryBytesLimit;
    /** Bytes of the events in the memory queue and of those waiting for the writer to put them on disk only. */
    private final AtomicLong bytes = new AtomicLong();

    private final MpscArrayQueue<Entry> memory;
    private final Map<Conversion, Entry> claimed = new IdentityHashMap<>();
    private final SpoolEvents events;
    private final @Nullable SpoolWriter writer;
    private final RateLimitedLog writerFullLog = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    /** Events in the writer's queue or on disk only, not in memory. */
    final AtomicInteger backlog = new AtomicInteger();
    /**
     * Events offered or recovered and not yet claimed or dropped. Kept apart from memory and backlog
     * sizes so that moving an event from disk to memory never shows it twice or not at all.
     */
    final AtomicInteger waiting = new AtomicInteger();

    private final int recovered;
    private volatile boolean abandoned;

    /**
     * Opens the spool in {@code settings.directory()}, reading what a previous process left (see
     * {@link #recovered()}), and starts its writer thread. Never throws for a disk problem: the
     * buffer then keeps events in memory only and says so loudly.
     */
    SpoolEventBuffer(
            SpoolSettings settings, int capacity, long capacityBytes, PagentThreads threads, SpoolEvents events) {
        this(settings, capacity, capacityBytes, threads, events, SpoolWriter.Waits.SYSTEM);
    }

    SpoolEventBuffer(
            SpoolSettings settings,
            int capacity,
            long capacityBytes,
            PagentThreads threads,
            SpoolEvents events,
            SpoolWriter.Waits waits) {
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.memoryBytesLimit =
                capacityBytes - Math.min(capacityBytes / 2, Math.max(capacityBytes / 8, MAX_EVENT_BYTES));
        this.memory = new MpscArrayQueue<>(Math.max(2, capacity));
        this.events = events;
        SpoolLog opened = null;
        try {
            opened = SpoolLog.open(settings.directory(), settings.segmentBytes());
        } catch (IOException | RuntimeException e) {
            log.error(
                    "pagent spool: cannot use {} ({}); events are kept IN MEMORY ONLY and a crash or restart loses them",
                    settings.directory(),
                    e.toString());
        }
        if (opened == null) {
            this.writer = null;
            this.recovered = 0;
            return;
        }
        this.recovered = opened.recovered().size();
        if (recovered > 0) {
            log.info("pagent spool: {} events left by a previous process will be sent", recovered);
        }
        backlog.set(recovered);
        waiting.set(recovered);
        this.writer = new SpoolWriter(settings, opened, this, events, threads, waits);
        writer.start();
    }

    /** Events a previous process left in the spool; they count as queued in this client. */
    int recovered() {
        return recovered;
    }

    /** Whether events are still being written to disk (false after a disk failure). */
    boolean durable() {
        SpoolWriter w = writer;
        return w != null && !w.degraded();
    }

    @Override
    public int offer(Conversion event) {
        waiting.incrementAndGet();
        int size = add(event);
        if (size < 0) {
            waiting.decrementAndGet();
        }
        return size;
    }

    private int add(Conversion event) {
        SpoolWriter w = writer;
        if (w == null || w.degraded()) {
            return toMemory(new Entry(event, false), capacityBytes) ? memory.size() : -1;
        }
        if (backlog.get() == 0) {
            Entry e = new Entry(event, false);
            if (toMemory(e, memoryBytesLimit)) {
                if (!w.submit(e)) {
                    e.memoryOnly = true;
                    writerFullLog.warn(
                            "pagent spool: the disk is slower than tracking; some events are in memory only");
                }
                return memory.size();
            }
        }
        // A backlog on disk, or memory is full: this event waits on disk only, behind the backlog.
        int size = EventSize.encodedBytes(event);
        if (!reserve(size, capacityBytes)) {
            return -1; // what waits for the writer fills the whole budget
        }
        backlog.incrementAndGet();
        if (!w.submit(new Entry(event, true))) {
            backlog.decrementAndGet();
            bytes.addAndGet(-size);
            return -1;
        }
        return memory.size() + 1;
    }

    private boolean toMemory(Entry e, long limit) {
        int size = EventSize.encodedBytes(e.event);
        if (!reserve(size, limit)) {
            return false;
        }
        if (!memory.offerIfBelowThreshold(e, capacity)) {
            bytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    private boolean reserve(int size, long limit) {
        if (bytes.addAndGet(size) > limit) {
            bytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    /**
     * Puts an event read back from disk (or kept after a disk failure) into memory; false when the
     * memory queue is full in events or bytes.
     */
    boolean offerFromDisk(Entry e) {
        SpoolWriter w = writer;
        return toMemory(e, w == null || w.degraded() ? capacityBytes : memoryBytesLimit);
    }

    /** Whether the memory queue has room in bytes for more events read back from disk. */
    boolean memoryHasRoom() {
        return bytes.get() < memoryBytesLimit;
    }

    /** The writer took a disk-only event from its queue: it no longer takes memory here. */
    void leftForDisk(Entry e) {
        bytes.addAndGet(-EventSize.encodedBytes(e.event));
    }

    /** Bytes of the events in memory: in the queue, or waiting for the writer to put them on disk only. */
    long bytes() {
        return bytes.get();
    }

    int memorySize() {
        return memory.size();
    }

    int capacity() {
        return capacity;
    }

    @Override
    public int claim(List<Conversion> into, int max) {
        int n = 0;
        long released = 0;
        @Nullable List<Conversion> evicted = null;
        synchronized (claimed) {
            while (n < max) {
                Entry e = memory.poll();
                if (e == null) {
                    break;
                }
                released += EventSize.encodedBytes(e.event);
                SpoolLog.Segment s = e.segment;
                if (s != null && s.evicted) {
                    if (evicted == null) {
                        evicted = new ArrayList<>();
                    }
                    evicted.add(e.event);
                    continue;
                }
                waiting.decrementAndGet();
                Entry same = claimed.put(e.event, e);
                e.nextClaimedSame = same;
                into.add(e.event);
                n++;
            }
        }
        bytes.addAndGet(-released);
        if (evicted != null) {
            gaveUp(evicted, DropReason.SPOOL_FULL);
        }
        SpoolWriter w = writer;
        if (w != null && backlog.get() > 0) {
            w.wake(); // room in memory for the backlog
        }
        return n;
    }

    /** Waiting events leave with this reason: taken out of {@link #waiting()} as flush's bookkeeping settles them. */
    void gaveUp(List<Conversion> dropped, DropReason reason) {
        int n = dropped.size();
        events.dropped(dropped, reason, () -> waiting.addAndGet(-n));
    }

    /** Waiting events that could not be read back leave with this reason, as in {@link #gaveUp}. */
    void lost(int count, DropReason reason) {
        events.lost(count, reason, () -> waiting.addAndGet(-count));
    }

    @Override
    public void completed(List<Conversion> done) {
        if (abandoned) {
            released(done); // dropped at shutdown: kept on disk for the next client
            return;
        }
        SpoolWriter w = writer;
        Entry[] acks = new Entry[done.size()];
        int n = 0;
        synchronized (claimed) {
            for (Conversion c : done) {
                Entry e = claimed.remove(c);
                if (e == null) {
                    continue;
                }
                if (e.nextClaimedSame != null) {
                    claimed.put(c, e.nextClaimedSame);
                    e.nextClaimedSame = null;
                }
                e.done = true;
                if (!e.memoryOnly) {
                    acks[n++] = e;
                }
            }
        }
        if (w != null && n > 0) {
            w.acknowledge(acks, n);
        }
    }

    /**
     * Forgets claimed events without acknowledging them: they were given up in this process (the
     * client shut down), so they stay on disk for the next one.
     */
    void released(List<Conversion> kept) {
        synchronized (claimed) {
            for (Conversion c : kept) {
                Entry e = claimed.remove(c);
                if (e != null && e.nextClaimedSame != null) {
                    claimed.put(c, e.nextClaimedSame);
                }
            }
        }
    }

    @Override
    public int size() {
        return memory.size();
    }

    @Override
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void abandon() {
        abandoned = true;
    }

    /**
     * Writes what is queued for the disk, forces it, and stops the writer by {@code deadlineNanos};
     * events still on disk only are reported through {@link SpoolEvents#dropped} with {@code
     * SHUTDOWN} (they stay in the spool for the next client).
     */
    @Override
    public void close(long deadlineNanos) {
        SpoolWriter w = writer;
        if (w != null) {
            w.close(deadlineNanos - System.nanoTime());
        }
    }

    /** Events waiting on disk only (not counted in {@link #size()}, which the dispatcher claims from). */
    int backlog() {
        return backlog.get();
    }

    /** Events written to the log so far (or skipped because they were already done). */
    long spooled() {
        SpoolWriter w = writer;
        return w == null ? 0 : w.spooled();
    }

    /** Times the writer forced the log to the disk. */
    long syncs() {
        SpoolWriter w = writer;
        return w == null ? 0 : w.syncs();
    }
}
