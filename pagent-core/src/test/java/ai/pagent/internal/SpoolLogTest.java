package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.Conversion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment log on disk: what survives a restart, what is forgotten, and damage that is skipped. */
class SpoolLogTest {
    static final int SEGMENT = 32 * 1024;
    static final String GOAL = "3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34";

    @TempDir
    Path dir;

    static Conversion event(int i) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user-" + i)
                .conversionId(GOAL)
                .revenueCents(i)
                .properties(Map.of("n", i))
                .timeMillis(1_700_000_000_000L + i)
                .build();
    }

    static List<Long> append(SpoolLog log, int from, int count) throws IOException {
        List<Long> positions = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            byte[] payload = SpoolCodec.encodeToBytes(event(i));
            positions.add(log.append(payload, payload.length));
        }
        return positions;
    }

    static List<String> sessions(SpoolLog log) throws IOException {
        List<String> sessions = new ArrayList<>();
        for (long position : log.recovered()) {
            byte[] payload = log.read(position);
            sessions.add(SpoolCodec.decode(payload, 0, payload.length).sessionId());
        }
        return sessions;
    }

    static List<String> sessionRange(int from, int count) {
        List<String> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add("session-" + i);
        }
        return list;
    }

    long files(String glob) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p ->
                            dir.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .count();
        }
    }

    @Test
    void aReopenedLogRecoversEveryUnacknowledgedRecordInOrder() throws IOException {
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            List<Long> positions = append(log, 0, 1000);
            log.ack(positions.get(3));
            log.ack(positions.get(500));
            log.sync();
            assertThat(log.segmentCount()).isGreaterThan(2);
        }

        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            List<String> expected = sessionRange(0, 1000);
            expected.remove("session-500");
            expected.remove("session-3");
            assertThat(sessions(log)).containsExactlyElementsOf(expected);
            assertThat(log.skippedTails()).isZero();
        }
    }

    @Test
    void aFullyAcknowledgedSegmentIsDeletedWithItsAcknowledgements() throws IOException {
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            List<Long> positions = append(log, 0, 600);
            log.flush();
            long segments = files("*.seg");
            assertThat(segments).isGreaterThan(2);
            for (long p : positions) {
                log.ack(p);
            }
            log.sync();

            assertThat(files("*.seg")).isEqualTo(1); // only the one being written
            assertThat(files("*.ack")).isLessThanOrEqualTo(1);
        }
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            assertThat(log.recovered()).isEmpty();
            assertThat(files("*.seg")).isZero();
        }
    }

    @Test
    void aTruncatedTailIsSkippedAndReportedAndTheRestRecovered() throws IOException {
        List<Long> positions;
        try (SpoolLog log = SpoolLog.open(dir, 1 << 20)) {
            positions = append(log, 0, 10);
            log.sync();
        }
        Path segment = segmentFile();
        int cut = SpoolLog.offset(positions.get(9)) + 5; // mid-header of the last record
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }

        try (SpoolLog log = SpoolLog.open(dir, 1 << 20)) {
            assertThat(sessions(log)).containsExactlyElementsOf(sessionRange(0, 9));
            assertThat(log.skippedTails()).isEqualTo(1);
        }
    }

    @Test
    void aCorruptRecordEndsItsSegmentButNotTheOthers() throws IOException {
        List<Long> positions;
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            positions = append(log, 0, 400);
            log.sync();
        }
        long firstSegment = SpoolLog.segmentId(positions.get(0));
        int damaged = 5;
        byte[] data = Files.readAllBytes(segmentFile(firstSegment));
        data[SpoolLog.offset(positions.get(damaged)) + SpoolRecords.RECORD_HEADER_BYTES + 3] ^= 0x40;
        Files.write(segmentFile(firstSegment), data);

        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            List<String> expected = new ArrayList<>(sessionRange(0, damaged));
            for (int i = damaged; i < 400; i++) {
                if (SpoolLog.segmentId(positions.get(i)) != firstSegment) {
                    expected.add("session-" + i);
                }
            }
            assertThat(sessions(log)).containsExactlyElementsOf(expected);
            assertThat(log.skippedTails()).isEqualTo(1);
        }
    }

    @Test
    void aTornAcknowledgementKeepsItsEventAndLaterAcknowledgementsStillCount() throws IOException {
        List<Long> positions;
        try (SpoolLog log = SpoolLog.open(dir, 1 << 20)) {
            positions = append(log, 0, 5);
            log.ack(positions.get(0));
            log.sync();
        }
        Path ack = segmentFile()
                .resolveSibling(segmentFile().getFileName().toString().replace(".seg", ".ack"));
        Files.write(ack, new byte[] {1, 2, 3}, StandardOpenOption.APPEND); // a crash mid-write

        try (SpoolLog log = SpoolLog.open(dir, 1 << 20)) {
            assertThat(sessions(log)).containsExactlyElementsOf(sessionRange(1, 4));
            log.ack(positions.get(1));
            log.sync();
        }
        try (SpoolLog log = SpoolLog.open(dir, 1 << 20)) {
            assertThat(sessions(log)).containsExactlyElementsOf(sessionRange(2, 3));
        }
    }

    @Test
    void evictingTheOldestSegmentDeletesItAndMarksIt() throws IOException {
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            List<Long> positions = append(log, 0, 400);
            log.flush();
            long before = log.bytes();
            SpoolLog.Segment oldest = log.oldest();
            assertThat(oldest).isNotNull();
            assertThat(oldest.id).isEqualTo(SpoolLog.segmentId(positions.get(0)));

            log.evict(oldest);

            assertThat(oldest.evicted).isTrue();
            assertThat(Files.exists(oldest.data)).isFalse();
            assertThat(log.bytes()).isLessThan(before);
            assertThatThrownBy(() -> log.read(positions.get(0))).hasMessageContaining("is gone");
        }
    }

    @Test
    void countsTheBytesOfItsFiles() throws IOException {
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            List<Long> positions = append(log, 0, 300);
            log.ack(positions.get(299));
            log.sync();
            long onDisk = 0;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s.filter(p -> !p.endsWith("spool.lock"))::iterator) {
                    onDisk += Files.size(p);
                }
            }
            assertThat(log.bytes()).isEqualTo(onDisk);
        }
    }

    @Test
    void aSecondClientCannotOpenTheSameDirectory() throws IOException {
        try (SpoolLog log = SpoolLog.open(dir, SEGMENT)) {
            assertThatThrownBy(() -> SpoolLog.open(dir, SEGMENT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another client");
        }
        SpoolLog.open(dir, SEGMENT).close(); // released on close
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsToOpen() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThatThrownBy(() -> SpoolLog.open(file.resolve("spool"), SEGMENT)).isInstanceOf(IOException.class);
    }

    private Path segmentFile() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }

    private Path segmentFile(long id) {
        return dir.resolve(String.format("%020d.seg", id));
    }
}
