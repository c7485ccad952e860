package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's one writer thread: appends tracked events to the {@link SpoolLog} in groups (one
 * write for everything that arrived since the last), records acknowledgements, forces the log to
 * the disk every fsync interval, keeps the log under its byte bound by dropping the oldest segment,
 * and reads events waiting on disk back into memory as it drains. On an I/O error it falls back to
 * memory for good, with a loud warning.
 *
 * <p>Writing and forcing are separate: whatever arrived is handed to the OS at once (one write per
 * group), whatever the fsync interval; the log is forced when the interval has passed since the last
 * force, checked after every group and by sleeping at most until then while something is unforced.
 * A producer wakes the sleeping writer through a flag that only one of them can claim, so a burst
 * that arrives while the writer sleeps costs one wake-up, not one per event.
 */
final class SpoolWriter {
    private static final Logger log = LoggerFactory.getLogger(SpoolWriter.class);
    private static final int MAX_GROUP = 8192;
    private static final int CHUNK = 512;

    private final SpoolSettings settings;
    private final SpoolLog spool;
    private final SpoolEventBuffer buffer;
    private final SpoolEvents events;
    private final Thread thread;
    private final MpscArrayQueue<SpoolEventBuffer.Entry> writes;
    private final ConcurrentLinkedQueue<SpoolEventBuffer.Entry[]> acks = new ConcurrentLinkedQueue<>();
    private final LongQueue diskOnly = new LongQueue();
    private final SpoolCodec codec = new SpoolCodec();
    private final long fsyncNanos;
    private final Waits waits;
    /** Set by the writer before it sleeps; the producer that clears it wakes the writer. */
    private final AtomicBoolean asleep = new AtomicBoolean();

    private volatile boolean closing;
    private volatile boolean degraded;
    private volatile long spooled;
    private volatile long syncs;
    private long written; // appended, not yet flushed: becomes spooled when the OS has it

    SpoolWriter(
            SpoolSettings settings,
            SpoolLog spool,
            SpoolEventBuffer buffer,
            SpoolEvents events,
            PagentThreads threads,
            Waits waits) {
        this.settings = settings;
        this.waits = waits;
        this.spool = spool;
        this.buffer = buffer;
        this.events = events;
        this.fsyncNanos = settings.fsyncInterval().toNanos();
        this.writes = new MpscArrayQueue<>(Math.max(8192, Math.min(1 << 17, 2 * buffer.capacity())));
        for (long position : spool.recovered()) {
            diskOnly.add(position);
        }
        this.thread = threads.thread("spool", this::run);
    }

    void start() {
        thread.start();
    }

    boolean degraded() {
        return degraded;
    }

    long spooled() {
        return spooled;
    }

    /** Times the log was forced to the disk. */
    long syncs() {
        return syncs;
    }

    /** Hands an event to the writer; false when its queue is full. */
    boolean submit(SpoolEventBuffer.Entry e) {
        if (!writes.offer(e)) {
            return false;
        }
        wake();
        return true;
    }

    void acknowledge(SpoolEventBuffer.Entry[] entries, int n) {
        acks.add(n == entries.length ? entries : Arrays.copyOf(entries, n));
        wake();
    }

    /**
     * Wakes the writer if it sleeps. Only the caller that clears the flag unparks: the others see it
     * clear (one volatile read) and go on. Safe against a lost wake-up: the writer sets the flag
     * before its last look at the queues, and a producer looks at the flag after its offer.
     */
    void wake() {
        if (asleep.get() && asleep.compareAndSet(true, false)) {
            waits.unpark(thread);
        }
    }

    void close(long nanos) {
        closing = true;
        waits.unpark(thread);
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("pagent spool: the writer did not finish within the shutdown timeout");
        }
    }

    private void run() {
        long lastSync = waits.nanoTime();
        boolean unsynced = false;
        while (true) {
            boolean last = closing;
            int wrote = drainWrites();
            int acked = drainAcks();
            if (!degraded && (wrote > 0 || acked > 0)) {
                try {
                    spool.flush();
                    spooled = written;
                    unsynced = true;
                } catch (IOException | RuntimeException e) {
                    degrade(e);
                }
            }
            long now = waits.nanoTime();
            if (unsynced && !degraded && (last || now - lastSync >= fsyncNanos)) {
                try {
                    spool.sync();
                    syncs++; // the writer is the only one to write it
                } catch (IOException | RuntimeException e) {
                    degrade(e);
                }
                lastSync = now;
                unsynced = false;
            }
            if (!degraded) {
                bound();
            }
            if (last) {
                if (writes.isEmpty() && acks.isEmpty()) {
                    break;
                }
                continue;
            }
            int read = refill();
            if (wrote == 0 && acked == 0 && read == 0) {
                asleep.set(true);
                if (writes.isEmpty() && acks.isEmpty() && !closing) {
                    // Unforced data: sleep at most until its force is due; nothing to force: until woken.
                    long wait = unsynced ? Math.max(1, lastSync + fsyncNanos - now) : TimeUnit.SECONDS.toNanos(1);
                    waits.park(wait);
                }
                asleep.set(false);
            }
        }
        finish();
    }

    private int drainWrites() {
        int n = 0;
        SpoolEventBuffer.Entry e;
        while (n < MAX_GROUP && (e = writes.poll()) != null) {
            n++;
            if (e.spilled) {
                buffer.leftForDisk(e); // out of the writer's queue: its bytes no longer count in memory
            }
            if (degraded) {
                keepInMemory(e);
                continue;
            }
            if (e.done) {
                written++; // already delivered: nothing left to keep
                continue;
            }
            try {
                int length = codec.encode(e.event);
                long position = spool.append(codec.buffer(), length);
                if (e.spilled) {
                    diskOnly.add(position);
                } else {
                    e.position = position;
                    e.segment = spool.segment(position);
                }
                written++;
                if (spool.bytes() > settings.maxBytes()) {
                    bound();
                }
            } catch (IOException | RuntimeException ex) {
                degrade(ex);
                keepInMemory(e);
            }
        }
        return n;
    }

    /** After a disk failure: a disk-only event goes to memory if there is room, else it is dropped. */
    private void keepInMemory(SpoolEventBuffer.Entry e) {
        if (!e.spilled) {
            return;
        }
        buffer.backlog.decrementAndGet();
        if (buffer.offerFromDisk(new SpoolEventBuffer.Entry(e.event, false))) {
            events.available();
        } else {
            buffer.gaveUp(List.of(e.event), DropReason.QUEUE_FULL);
        }
    }

    private int drainAcks() {
        int n = 0;
        SpoolEventBuffer.Entry[] batch;
        while ((batch = acks.poll()) != null) {
            for (SpoolEventBuffer.Entry e : batch) {
                n++;
                if (e.position < 0 || degraded) {
                    continue; // never written: done before the writer got to it
                }
                try {
                    spool.ack(e.position);
                } catch (IOException | RuntimeException ex) {
                    degrade(ex);
                }
            }
        }
        return n;
    }

    /** Drops the oldest segments while the log is over its bound. */
    private void bound() {
        try {
            while (spool.bytes() > settings.maxBytes()) {
                SpoolLog.Segment oldest = spool.oldest();
                if (oldest == null) {
                    spool.rollIfActiveHasRecords();
                    oldest = spool.oldest();
                    if (oldest == null) {
                        return;
                    }
                }
                List<Conversion> dropped = new ArrayList<>();
                int unreadable = 0;
                while (!diskOnly.isEmpty() && SpoolLog.segmentId(diskOnly.peek()) <= oldest.id) {
                    long position = diskOnly.poll();
                    buffer.backlog.decrementAndGet();
                    try {
                        byte[] payload = spool.read(position);
                        dropped.add(SpoolCodec.decode(payload, 0, payload.length));
                    } catch (IOException e) {
                        unreadable++;
                    }
                }
                spool.evict(oldest);
                log.warn(
                        "pagent spool: over its bound of {} bytes; dropped the oldest segment ({} events waiting on disk)",
                        settings.maxBytes(),
                        dropped.size() + unreadable);
                report(dropped, unreadable, DropReason.SPOOL_FULL);
            }
        } catch (IOException | RuntimeException e) {
            degrade(e);
        }
    }

    /** Reads events waiting on disk into memory while it has room; returns how many. */
    private int refill() {
        int room = buffer.capacity() - buffer.memorySize();
        if (diskOnly.isEmpty() || room <= 0 || !buffer.memoryHasRoom()) {
            return 0;
        }
        int n = 0;
        int unreadable = 0;
        while (n < room && !diskOnly.isEmpty()) {
            long position = diskOnly.peek();
            SpoolEventBuffer.Entry e;
            try {
                byte[] payload = spool.read(position);
                e = new SpoolEventBuffer.Entry(SpoolCodec.decode(payload, 0, payload.length), false);
                e.position = position;
                e.segment = spool.segment(position);
            } catch (IOException | RuntimeException ex) {
                log.error("pagent spool: cannot read back a spooled event, it is lost: {}", ex.toString());
                diskOnly.poll();
                buffer.backlog.decrementAndGet();
                unreadable++;
                continue;
            }
            if (!buffer.offerFromDisk(e)) {
                break;
            }
            diskOnly.poll();
            buffer.backlog.decrementAndGet();
            n++;
        }
        if (unreadable > 0) {
            buffer.lost(unreadable, DropReason.SPOOL_ERROR);
        }
        if (n > 0) {
            events.available();
        }
        return n + unreadable;
    }

    private void degrade(Throwable e) {
        if (!degraded) {
            degraded = true;
            log.error(
                    "pagent spool: writing to {} failed ({}); falling back to MEMORY ONLY: events tracked from now on"
                            + " are lost on a crash or restart",
                    settings.directory(),
                    e.toString());
        }
    }

    /** On close: reports what waits on disk only (it stays there for the next client) and closes the log. */
    private void finish() {
        List<Conversion> chunk = new ArrayList<>(CHUNK);
        int unreadable = 0;
        while (!diskOnly.isEmpty()) {
            long position = diskOnly.poll();
            buffer.backlog.decrementAndGet();
            try {
                byte[] payload = spool.read(position);
                chunk.add(SpoolCodec.decode(payload, 0, payload.length));
            } catch (IOException e) {
                unreadable++;
            }
            if (chunk.size() == CHUNK) {
                buffer.gaveUp(chunk, DropReason.SHUTDOWN);
                chunk = new ArrayList<>(CHUNK);
            }
        }
        report(chunk, unreadable, DropReason.SHUTDOWN);
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("pagent spool: closing {} failed: {}", settings.directory(), e.toString());
        }
    }

    private void report(List<Conversion> dropped, int unreadable, DropReason reason) {
        if (!dropped.isEmpty()) {
            buffer.gaveUp(dropped, reason);
        }
        if (unreadable > 0) {
            buffer.lost(unreadable, reason);
        }
    }

    /** The writer's clock, and how it sleeps and is woken: a seam for tests. */
    interface Waits {
        Waits SYSTEM = new Waits() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void park(long nanos) {
                LockSupport.parkNanos(this, nanos);
            }

            @Override
            public void unpark(Thread writer) {
                LockSupport.unpark(writer);
            }
        };

        long nanoTime();

        /** Sleeps up to {@code nanos}, or until {@link #unpark}; may return early. */
        void park(long nanos);

        void unpark(Thread writer);
    }

    /** A growable ring of longs: positions of events waiting on disk only, oldest first. */
    static final class LongQueue {
        private long[] items = new long[64];
        private int head;
        private int size;

        void add(long v) {
            if (size == items.length) {
                long[] bigger = new long[items.length * 2];
                for (int i = 0; i < size; i++) {
                    bigger[i] = items[(head + i) & (items.length - 1)];
                }
                items = bigger;
                head = 0;
            }
            items[(head + size++) & (items.length - 1)] = v;
        }

        boolean isEmpty() {
            return size == 0;
        }

        long peek() {
            return items[head];
        }

        long poll() {
            long v = items[head];
            head = (head + 1) & (items.length - 1);
            size--;
            return v;
        }

        int size() {
            return size;
        }
    }
}
