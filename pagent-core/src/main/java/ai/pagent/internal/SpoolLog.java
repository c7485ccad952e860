package ai.pagent.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's directory: an append-only log of segment files ({@code <id>.seg}, see {@link
 * SpoolRecords}), each with an acknowledgement file ({@code <id>.ack}) listing the offsets of its
 * records that reached their final outcome. A segment is deleted once every record in it is
 * acknowledged (or when the log must shrink). A record is addressed by its position: segment id in
 * the high 32 bits, offset in the low 32. One process owns a directory at a time ({@code
 * spool.lock}). Not thread-safe: the spool's writer thread is its only user.
 */
final class SpoolLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(SpoolLog.class);
    private static final int ACK_BYTES = 8;
    private static final int WRITE_BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final int segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final ByteBuffer pending = ByteBuffer.allocate(WRITE_BUFFER_BYTES);
    private final Set<Segment> unsynced = new HashSet<>();
    private final CRC32C crc = new CRC32C();
    private final List<Long> recovered = new ArrayList<>();
    private @Nullable Segment active;
    private long nextId;
    private long bytes;
    private int skippedTails;
    private long skippedRecords;

    /** One segment file and its acknowledgements. */
    static final class Segment {
        final long id;
        final Path data;
        final Path acks;

        @Nullable
        FileChannel channel;

        @Nullable
        FileChannel ackChannel;

        final ByteBuffer ackPending = ByteBuffer.allocate(4096);
        int size;
        int ackBytes;
        int live;
        /** Set when the segment was deleted to bound the log; read by other threads. */
        volatile boolean evicted;

        Segment(Path dir, long id) {
            this.id = id;
            this.data = dir.resolve(String.format("%020d.seg", id));
            this.acks = dir.resolve(String.format("%020d.ack", id));
        }
    }

    private SpoolLog(Path dir, int segmentBytes, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, taking its lock, and reads what a previous
     * process left: the positions of records not yet acknowledged become {@link #recovered()}.
     * Corrupt or truncated tails are skipped and reported, never fatal.
     *
     * @throws IOException when the directory cannot be created, locked or read
     */
    static SpoolLog open(Path dir, int segmentBytes) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel =
                FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the spool directory " + dir + " is in use by another client");
        }
        SpoolLog spool = new SpoolLog(dir, segmentBytes, lockChannel, lock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    private void recover() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    ids.add(Long.parseLong(name.substring(0, name.length() - 4)));
                } catch (NumberFormatException e) {
                    log.warn("pagent spool: ignoring the unexpected file {}", f);
                }
            }
        }
        ids.sort(null);
        for (long id : ids) {
            recoverSegment(new Segment(dir, id));
            nextId = id + 1;
        }
    }

    private void recoverSegment(Segment s) throws IOException {
        byte[] data = Files.readAllBytes(s.data);
        Set<Integer> acked = readAcks(s);
        List<Long> live = new ArrayList<>();
        int[] invalid = {0};
        SpoolRecords.Scan scan = SpoolRecords.scan(data, data.length, (offset, bytes, from, length) -> {
            if (acked.contains(offset)) {
                return;
            }
            try {
                SpoolCodec.decode(bytes, from, length);
                live.add(position(s.id, offset));
            } catch (IOException e) {
                invalid[0]++;
                log.warn(
                        "pagent spool: skipping an unreadable event in {} at offset {}: {}",
                        s.data,
                        offset,
                        e.getMessage());
            }
        });
        if (scan.problem() != null) {
            skippedTails++;
            log.warn(
                    "pagent spool: {} has a corrupt or truncated tail ({}); skipped {} bytes after {} intact records",
                    s.data,
                    scan.problem(),
                    data.length - scan.validEnd(),
                    scan.records());
        }
        skippedRecords += invalid[0];
        if (live.isEmpty()) {
            delete(s);
            return;
        }
        s.size = data.length;
        s.ackBytes = acked.size() * ACK_BYTES;
        s.live = live.size();
        s.channel = FileChannel.open(s.data, StandardOpenOption.READ);
        segments.put(s.id, s);
        bytes += s.size + s.ackBytes;
        recovered.addAll(live);
    }

    private static Set<Integer> readAcks(Segment s) throws IOException {
        Set<Integer> acked = new HashSet<>();
        if (!Files.exists(s.acks)) {
            return acked;
        }
        byte[] bytes = Files.readAllBytes(s.acks);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.remaining() >= ACK_BYTES) {
            int offset = b.getInt();
            if (b.getInt() != ~offset) {
                log.warn("pagent spool: {} has a corrupt acknowledgement; later ones are ignored", s.acks);
                b.position(b.position() - ACK_BYTES);
                break; // the events stay: a duplicate is better than a loss
            }
            acked.add(offset);
        }
        if (b.position() < bytes.length) {
            // New acknowledgements are appended: they must start on a whole one, after the last good one.
            try (FileChannel ch = FileChannel.open(s.acks, StandardOpenOption.WRITE)) {
                ch.truncate(b.position());
            }
        }
        return acked;
    }

    static long position(long segmentId, int offset) {
        return (segmentId << 32) | (offset & 0xFFFFFFFFL);
    }

    static long segmentId(long position) {
        return position >>> 32;
    }

    static int offset(long position) {
        return (int) position;
    }

    /** Positions of the records a previous process left unacknowledged, oldest first. */
    List<Long> recovered() {
        return recovered;
    }

    /** Corrupt or truncated segment tails skipped while opening. */
    int skippedTails() {
        return skippedTails;
    }

    /** Intact records that did not decode to a valid event, skipped while opening. */
    long skippedRecords() {
        return skippedRecords;
    }

    /** Bytes of all segment and acknowledgement files, including what is buffered. */
    long bytes() {
        return bytes;
    }

    int segmentCount() {
        return segments.size();
    }

    @Nullable
    Segment segment(long position) {
        return segments.get(segmentId(position));
    }

    /** Appends a record of {@code payload[0, length)}; returns its position. Buffered until {@link #flush}. */
    long append(byte[] payload, int length) throws IOException {
        int need = SpoolRecords.recordBytes(length);
        Segment s = active;
        if (s == null || (s.size + need > segmentBytes && s.size > SpoolRecords.FILE_HEADER_BYTES)) {
            s = roll();
        }
        if (pending.remaining() < need) {
            flush();
        }
        int offset = s.size;
        SpoolRecords.writeRecord(pending, payload, length, crc);
        s.size += need;
        s.live++;
        bytes += need;
        return position(s.id, offset);
    }

    private Segment roll() throws IOException {
        flush();
        Segment old = active;
        Segment s = new Segment(dir, nextId++);
        s.channel = FileChannel.open(
                s.data, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segments.put(s.id, s);
        active = s;
        SpoolRecords.writeFileHeader(pending);
        s.size = SpoolRecords.FILE_HEADER_BYTES;
        bytes += s.size;
        syncDirectory();
        if (old != null && old.live == 0) {
            delete(old);
        }
        return s;
    }

    /** Records that the record at {@code position} reached its final outcome. */
    void ack(long position) throws IOException {
        Segment s = segments.get(segmentId(position));
        if (s == null) {
            return; // deleted to bound the log
        }
        if (s.ackPending.remaining() < ACK_BYTES) {
            writeAcks(s);
        }
        int offset = offset(position);
        s.ackPending.putInt(offset).putInt(~offset);
        s.ackBytes += ACK_BYTES;
        bytes += ACK_BYTES;
        if (--s.live == 0 && s != active) {
            delete(s);
        }
    }

    /** Writes what is buffered to the files (the OS's cache; {@link #sync} makes it durable). */
    void flush() throws IOException {
        Segment s = active;
        if (pending.position() > 0 && s != null) {
            pending.flip();
            FileChannel ch = s.channel;
            long at = s.size - pending.limit(); // pending holds the active segment's newest bytes
            while (pending.hasRemaining()) {
                at += ch.write(pending, at);
            }
            pending.clear();
            unsynced.add(s);
        }
        for (Segment seg : segments.values()) {
            if (seg.ackPending.position() > 0) {
                writeAcks(seg);
            }
        }
    }

    private void writeAcks(Segment s) throws IOException {
        if (s.ackChannel == null) {
            s.ackChannel = FileChannel.open(
                    s.acks, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        s.ackPending.flip();
        while (s.ackPending.hasRemaining()) {
            s.ackChannel.write(s.ackPending);
        }
        s.ackPending.clear();
        unsynced.add(s);
    }

    /** Flushes, then forces every file written since the last sync to the disk. */
    void sync() throws IOException {
        flush();
        for (Segment s : unsynced) {
            if (segments.get(s.id) == s) {
                if (s.channel != null) {
                    s.channel.force(false);
                }
                if (s.ackChannel != null) {
                    s.ackChannel.force(false);
                }
            }
        }
        unsynced.clear();
    }

    /** Reads back the payload of the record at {@code position}. */
    byte[] read(long position) throws IOException {
        Segment s = segments.get(segmentId(position));
        if (s == null) {
            throw new IOException("segment " + segmentId(position) + " is gone");
        }
        if (s == active && pending.position() > 0) {
            flush();
        }
        return SpoolRecords.read(s.channel, offset(position), crc);
    }

    /** The oldest segment, unless it is the one being written; {@code null} when there is none older. */
    @Nullable
    Segment oldest() {
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return first == null || first.getValue() == active ? null : first.getValue();
    }

    /** Deletes {@code s} with whatever it holds, marking it evicted for anyone still holding its events. */
    void evict(Segment s) throws IOException {
        s.evicted = true;
        delete(s);
    }

    /** Starts a new segment, so that all older ones may be evicted. */
    void rollIfActiveHasRecords() throws IOException {
        if (active != null && active.size > SpoolRecords.FILE_HEADER_BYTES) {
            roll();
        }
    }

    private void delete(Segment s) throws IOException {
        if (segments.remove(s.id) != null) {
            bytes -= s.size + s.ackBytes;
        }
        unsynced.remove(s);
        closeQuietly(s.channel);
        closeQuietly(s.ackChannel);
        Files.deleteIfExists(s.acks); // acknowledgements first: a half-deleted segment only duplicates
        Files.deleteIfExists(s.data);
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every platform can open a directory; the files themselves are still forced.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            for (Segment s : segments.values()) {
                closeQuietly(s.channel);
                closeQuietly(s.ackChannel);
            }
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    private static void closeQuietly(@Nullable Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("pagent spool: closing a file failed", e);
            }
        }
    }
}
