package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment record format: whole records read back, and any damage ends a scan without throwing. */
class SpoolRecordsTest {

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(300)
                .list()
                .ofMinSize(1)
                .ofMaxSize(20);
    }

    static byte[] segment(List<byte[]> payloads) {
        int size = SpoolRecords.FILE_HEADER_BYTES;
        for (byte[] p : payloads) {
            size += SpoolRecords.recordBytes(p.length);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        SpoolRecords.writeFileHeader(b);
        CRC32C crc = new CRC32C();
        for (byte[] p : payloads) {
            SpoolRecords.writeRecord(b, p, p.length, crc);
        }
        return b.array();
    }

    static List<byte[]> scan(byte[] data, int length, List<Integer> offsets) {
        List<byte[]> read = new ArrayList<>();
        SpoolRecords.scan(data, length, (offset, bytes, from, n) -> {
            offsets.add(offset);
            read.add(Arrays.copyOfRange(bytes, from, from + n));
        });
        return read;
    }

    @Property(tries = 200)
    void readsBackEveryRecordOfAnIntactSegment(@ForAll("payloads") List<byte[]> payloads) {
        byte[] data = segment(payloads);
        List<Integer> offsets = new ArrayList<>();
        List<byte[]> read = scan(data, data.length, offsets);
        SpoolRecords.Scan scan = SpoolRecords.scan(data, data.length, (o, b, f, n) -> {});

        assertThat(read).containsExactlyElementsOf(payloads);
        assertThat(scan.problem()).isNull();
        assertThat(scan.validEnd()).isEqualTo(data.length);
        assertThat(scan.records()).isEqualTo(payloads.size());
    }

    @Property(tries = 500)
    void aTruncatedSegmentYieldsExactlyItsWholeRecords(
            @ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(min = 0, max = 10_000) int cutSeed) {
        byte[] data = segment(payloads);
        int cut = cutSeed % (data.length + 1);
        List<byte[]> read = scan(data, cut, new ArrayList<>());
        SpoolRecords.Scan scan = SpoolRecords.scan(data, cut, (o, b, f, n) -> {});

        int whole = 0;
        int end = SpoolRecords.FILE_HEADER_BYTES;
        while (whole < payloads.size() && end + SpoolRecords.recordBytes(payloads.get(whole).length) <= cut) {
            end += SpoolRecords.recordBytes(payloads.get(whole).length);
            whole++;
        }
        if (cut < SpoolRecords.FILE_HEADER_BYTES) {
            assertThat(read).isEmpty();
            assertThat(scan.problem()).contains("truncated file header");
            return;
        }
        assertThat(read).containsExactlyElementsOf(payloads.subList(0, whole));
        assertThat(scan.validEnd()).isEqualTo(end);
        if (end == cut) {
            assertThat(scan.problem()).isNull();
        } else {
            assertThat(scan.problem()).contains("truncated");
        }
    }

    @Property(tries = 1000)
    void aDamagedByteEndsTheScanAtItsRecord(
            @ForAll("payloads") List<byte[]> payloads,
            @ForAll @IntRange(min = 0, max = 100_000) int positionSeed,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] data = segment(payloads);
        int at = positionSeed % data.length;
        data[at] ^= (byte) flip;

        List<byte[]> read = scan(data, data.length, new ArrayList<>());
        SpoolRecords.Scan scan = SpoolRecords.scan(data, data.length, (o, b, f, n) -> {});

        assertThat(scan.problem()).isNotNull();
        // Only records wholly before the damaged byte come back, unchanged.
        int before = 0;
        int end = SpoolRecords.FILE_HEADER_BYTES;
        while (before < payloads.size() && end + SpoolRecords.recordBytes(payloads.get(before).length) <= at) {
            end += SpoolRecords.recordBytes(payloads.get(before).length);
            before++;
        }
        if (at < SpoolRecords.FILE_HEADER_BYTES) {
            assertThat(read).isEmpty();
        } else {
            assertThat(read).containsExactlyElementsOf(payloads.subList(0, before));
            assertThat(scan.validEnd()).isEqualTo(end);
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesNeverThrowAndYieldOnlyChecksummedRecords(@ForAll @Size(max = 2000) byte[] garbage) {
        byte[] data = new byte[garbage.length + SpoolRecords.FILE_HEADER_BYTES];
        ByteBuffer.wrap(data).putInt(SpoolRecords.MAGIC).putInt(SpoolRecords.VERSION);
        System.arraycopy(garbage, 0, data, SpoolRecords.FILE_HEADER_BYTES, garbage.length);
        CRC32C crc = new CRC32C();

        SpoolRecords.Scan scan = SpoolRecords.scan(data, data.length, (offset, bytes, from, n) -> {
            assertThat(n).isBetween(1, SpoolRecords.MAX_PAYLOAD_BYTES);
            assertThat(SpoolRecords.checksum(crc, bytes, from, n))
                    .isEqualTo(ByteBuffer.wrap(bytes).getInt(offset + 4));
        });

        assertThat(scan.validEnd()).isBetween(SpoolRecords.FILE_HEADER_BYTES, data.length);
        assertThat(scan.problem() == null).isEqualTo(scan.validEnd() == data.length);
    }

    @Test
    void rejectsAFileThatIsNotASegment() {
        byte[] data = "not a spool segment".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        SpoolRecords.Scan scan = SpoolRecords.scan(data, data.length, (o, b, f, n) -> {
            throw new AssertionError("no record expected");
        });

        assertThat(scan.problem()).contains("not a pagent spool segment");
        assertThat(scan.validEnd()).isZero();
    }

    @Test
    void readsOneRecordBackFromAFileAndChecksItAgain(@TempDir Path dir) throws IOException {
        byte[] data = segment(List.of(new byte[] {1, 2, 3}, new byte[] {4, 5}));
        Path file = dir.resolve("s.seg");
        Files.write(file, data);
        int second = SpoolRecords.FILE_HEADER_BYTES + SpoolRecords.recordBytes(3);
        CRC32C crc = new CRC32C();

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(SpoolRecords.read(ch, second, crc)).containsExactly(4, 5);
        }

        data[second + SpoolRecords.RECORD_HEADER_BYTES] ^= 1;
        Files.write(file, data);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> SpoolRecords.read(ch, second, crc)).hasMessageContaining("checksum mismatch");
            assertThatThrownBy(() -> SpoolRecords.read(ch, data.length - 1, crc))
                    .isInstanceOf(IOException.class);
        }
    }
}
