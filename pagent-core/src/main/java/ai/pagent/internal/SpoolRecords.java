package ai.pagent.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk form of a spool segment: an 8-byte file header ({@code "PGSP"}, format version), then
 * records of {@code [payload length: int][CRC32C of length and payload: int][payload]}, big-endian.
 * A record is only trusted whole: a length out of range, a short read or a checksum mismatch ends
 * what can be read of a segment (a crash mid-write leaves exactly such a tail).
 */
final class SpoolRecords {
    static final int MAGIC = 0x50475350; // "PGSP"
    static final int VERSION = 1;
    static final int FILE_HEADER_BYTES = 8;
    static final int RECORD_HEADER_BYTES = 8;
    /** Larger than any event can encode to (32 KiB of JSON); a larger length is corruption. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private SpoolRecords() {}

    static void writeFileHeader(ByteBuffer into) {
        into.putInt(MAGIC).putInt(VERSION);
    }

    /** Appends one record of {@code payload[0, length)} to {@code into}, which must have room. */
    static void writeRecord(ByteBuffer into, byte[] payload, int length, CRC32C crc) {
        into.putInt(length).putInt(checksum(crc, payload, 0, length)).put(payload, 0, length);
    }

    static int recordBytes(int payloadLength) {
        return RECORD_HEADER_BYTES + payloadLength;
    }

    static int checksum(CRC32C crc, byte[] payload, int offset, int length) {
        crc.reset();
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length);
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    /** Receives each whole, checksummed record of a scan. */
    interface Visitor {
        /** The record at {@code offset} (of its header) has its payload at {@code data[from, from + length)}. */
        void record(int offset, byte[] data, int from, int length);
    }

    /**
     * What a scan found: records up to {@code validEnd}, and {@code problem} describing why the
     * bytes after it are unusable, or {@code null} when the data ended cleanly after a record.
     */
    record Scan(int records, int validEnd, @Nullable String problem) {}

    /**
     * Reads the records of a whole segment held in {@code data[0, length)}, in order, stopping at
     * the first that is not whole and intact. Never throws on any content.
     */
    static Scan scan(byte[] data, int length, Visitor visitor) {
        if (length < FILE_HEADER_BYTES) {
            return new Scan(0, 0, "truncated file header (" + length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION) {
            return new Scan(0, 0, "not a pagent spool segment of version " + VERSION);
        }
        CRC32C crc = new CRC32C();
        int at = FILE_HEADER_BYTES;
        int records = 0;
        while (at < length) {
            if (length - at < RECORD_HEADER_BYTES) {
                return new Scan(records, at, "truncated record header at offset " + at);
            }
            int payload = b.getInt(at);
            if (payload <= 0 || payload > MAX_PAYLOAD_BYTES) {
                return new Scan(records, at, "invalid record length " + payload + " at offset " + at);
            }
            if (length - at - RECORD_HEADER_BYTES < payload) {
                return new Scan(records, at, "truncated record at offset " + at);
            }
            if (checksum(crc, data, at + RECORD_HEADER_BYTES, payload) != b.getInt(at + 4)) {
                return new Scan(records, at, "checksum mismatch at offset " + at);
            }
            visitor.record(at, data, at + RECORD_HEADER_BYTES, payload);
            records++;
            at += RECORD_HEADER_BYTES + payload;
        }
        return new Scan(records, at, null);
    }

    /**
     * Reads back the payload of the record at {@code offset} of {@code channel}, checking it again.
     *
     * @throws IOException when the record is not there whole and intact
     */
    static byte[] read(FileChannel channel, int offset, CRC32C crc) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        readFully(channel, header, offset);
        int length = header.getInt(0);
        if (length <= 0 || length > MAX_PAYLOAD_BYTES) {
            throw new IOException("invalid record length " + length + " at offset " + offset);
        }
        byte[] payload = new byte[length];
        readFully(channel, ByteBuffer.wrap(payload), offset + RECORD_HEADER_BYTES);
        if (checksum(crc, payload, 0, length) != header.getInt(4)) {
            throw new IOException("checksum mismatch at offset " + offset);
        }
        return payload;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new EOFException("truncated record at offset " + position);
            }
            at += n;
        }
    }
}
