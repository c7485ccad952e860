package ai.pagent.internal;

import static ai.pagent.internal.SpoolLogTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable buffer: memory and disk together, recovery, the byte bound, and falling back to memory. */
class SpoolEventBufferTest {
    @TempDir
    Path dir;

    final Recorder events = new Recorder();
    final List<SpoolEventBuffer> opened = new ArrayList<>();

    /** Records what the spool reports. */
    static final class Recorder implements SpoolEvents {
        final AtomicInteger available = new AtomicInteger();
        final Map<DropReason, List<Conversion>> dropped = new EnumMap<>(DropReason.class);
        final Map<DropReason, Integer> lost = new EnumMap<>(DropReason.class);

        @Override
        public void available() {
            available.incrementAndGet();
        }

        @Override
        public synchronized void dropped(List<Conversion> list, DropReason reason, Runnable leave) {
            leave.run();
            dropped.computeIfAbsent(reason, r -> new ArrayList<>()).addAll(list);
        }

        @Override
        public synchronized void lost(int count, DropReason reason, Runnable leave) {
            leave.run();
            lost.merge(reason, count, Integer::sum);
        }

        synchronized List<Conversion> dropped(DropReason reason) {
            return new ArrayList<>(dropped.getOrDefault(reason, List.of()));
        }

        synchronized int droppedCount() {
            return dropped.values().stream().mapToInt(List::size).sum()
                    + lost.values().stream().mapToInt(i -> i).sum();
        }
    }

    SpoolEventBuffer open(Path directory, int capacity, long maxBytes) {
        return open(directory, capacity, 1L << 30, maxBytes);
    }

    SpoolEventBuffer open(Path directory, int capacity, long capacityBytes, long maxBytes) {
        SpoolEventBuffer b = new SpoolEventBuffer(
                new SpoolSettings(directory, Duration.ofMillis(10), maxBytes),
                capacity,
                capacityBytes,
                new PagentThreads(),
                events);
        opened.add(b);
        return b;
    }

    SpoolEventBuffer open(int capacity) {
        return open(dir, capacity, SpoolSettings.DEFAULT_MAX_BYTES);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(b -> b.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
    }

    static void offer(SpoolEventBuffer b, int from, int count) {
        for (int i = from; i < from + count; i++) {
            assertThat(b.offer(event(i))).isNotNegative();
        }
    }

    static List<String> sessions(List<Conversion> events) {
        return events.stream().map(Conversion::sessionId).toList();
    }

    static List<String> range(int from, int count) {
        return SpoolLogTest.sessionRange(from, count);
    }

    /** Claims until {@code count} events came out (waiting for reads from disk). */
    static List<Conversion> claimAll(SpoolEventBuffer b, int count) {
        List<Conversion> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            b.claim(all, Integer.MAX_VALUE);
            return all.size() >= count;
        });
        return all;
    }

    @Test
    void aNewBufferOnTheSameDirectoryGetsBackWhatWasNotCompleted() {
        SpoolEventBuffer first = open(1000);
        offer(first, 0, 50);
        List<Conversion> claimed = new ArrayList<>();
        first.claim(claimed, 30);
        first.completed(claimed.subList(0, 20)); // final outcomes: forgotten
        first.released(claimed.subList(20, 30)); // given up in this process: kept
        await().until(() -> first.spooled() == 50);
        first.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));

        SpoolEventBuffer second = open(1000);

        assertThat(second.recovered()).isEqualTo(30);
        assertThat(sessions(claimAll(second, 30))).containsExactlyElementsOf(range(20, 30));
        assertThat(events.droppedCount()).isZero();
    }

    @Test
    void eventsOverTheMemoryCapacityWaitOnDiskAndComeBackInOrder() {
        SpoolEventBuffer b = open(10);
        offer(b, 0, 100);
        await().until(() -> b.spooled() == 100);

        assertThat(b.size()).isEqualTo(10);
        assertThat(b.backlog()).isEqualTo(90);
        List<Conversion> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Conversion> batch = new ArrayList<>();
            b.claim(batch, 7);
            b.completed(batch);
            all.addAll(batch);
            return all.size() == 100;
        });

        assertThat(sessions(all)).containsExactlyElementsOf(range(0, 100));
        assertThat(events.available).hasPositiveValue();
        assertThat(b.backlog()).isZero();
    }

    @Test
    void closeReportsWhatWaitsOnDiskOnlyAndKeepsItForTheNextClient() {
        SpoolEventBuffer first = open(10);
        offer(first, 0, 100);
        await().until(() -> first.spooled() == 100);
        first.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));

        assertThat(sessions(events.dropped(DropReason.SHUTDOWN))).containsExactlyElementsOf(range(10, 90));
        SpoolEventBuffer second = open(10);
        assertThat(second.recovered()).isEqualTo(100);
        List<Conversion> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Conversion> batch = new ArrayList<>();
            second.claim(batch, 100);
            second.completed(batch);
            all.addAll(batch);
            return all.size() == 100;
        });
        assertThat(sessions(all)).containsExactlyElementsOf(range(0, 100));
    }

    @Test
    void overItsByteBoundItDropsTheOldestAndCountsThem() throws IOException {
        long max = SpoolSettings.MIN_MAX_BYTES;
        SpoolEventBuffer b = open(dir, 100, max);
        int n = 5000; // ~170 bytes each: about three times the bound
        offer(b, 0, n);
        await().until(() -> b.spooled() == n);

        assertThat(directoryBytes()).isLessThanOrEqualTo(max);
        List<Conversion> claimed = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Conversion> batch = new ArrayList<>();
            b.claim(batch, 100);
            b.completed(batch);
            claimed.addAll(batch);
            return claimed.size() + events.droppedCount() == n && b.backlog() == 0 && b.size() == 0;
        });

        List<Conversion> dropped = events.dropped(DropReason.SPOOL_FULL);
        assertThat(dropped).isNotEmpty();
        assertThat(events.droppedCount()).isEqualTo(dropped.size());
        // The oldest went: every dropped event is older than every delivered one, but for the first
        // hundred (in memory, already claimed or still queued when their segment went).
        int newestDropped =
                dropped.stream().mapToInt(SpoolEventBufferTest::index).max().orElseThrow();
        int oldestKeptFromDisk = claimed.stream()
                .mapToInt(SpoolEventBufferTest::index)
                .filter(i -> i >= 100)
                .min()
                .orElseThrow();
        assertThat(newestDropped).isLessThan(oldestKeptFromDisk);
        assertThat(claimed.stream().mapToInt(SpoolEventBufferTest::index).max().orElseThrow())
                .isEqualTo(n - 1);
    }

    @Test
    void anUnusableDirectoryFallsBackToMemory() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        SpoolEventBuffer b = open(file.resolve("spool"), 10, SpoolSettings.DEFAULT_MAX_BYTES);

        assertThat(b.durable()).isFalse();
        offer(b, 0, 10);
        assertThat(b.offer(event(10))).isEqualTo(-1); // memory only: its capacity holds
        assertThat(sessions(claimAll(b, 10))).containsExactlyElementsOf(range(0, 10));
    }

    @Test
    void aDiskThatFailsMidwayFallsBackToMemoryWithoutLosingAnEvent() throws IOException {
        long max = SpoolSettings.MIN_MAX_BYTES; // 32 KiB segments: rolling soon needs a new file
        SpoolEventBuffer b = open(dir, 200, max);
        offer(b, 0, 100);
        await().until(() -> b.spooled() == 100);
        deleteDirectory(); // creating the next segment file fails
        int refused = 0; // the caller drops these as QUEUE_FULL
        for (int i = 100; i < 500; i++) {
            refused += b.offer(event(i)) < 0 ? 1 : 0;
        }
        int offered = 500 - refused;

        await().atMost(Duration.ofSeconds(30)).until(() -> !b.durable());
        List<Conversion> claimed = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Conversion> batch = new ArrayList<>();
            b.claim(batch, 100);
            b.completed(batch);
            claimed.addAll(batch);
            return claimed.size() + events.droppedCount() == offered && b.backlog() == 0 && b.size() == 0;
        });
        assertThat(claimed.size()).isGreaterThanOrEqualTo(200);
        // Whatever memory could not hold is dropped as QUEUE_FULL, and counted: nothing vanishes.
        assertThat(events.dropped.keySet()).isSubsetOf(DropReason.QUEUE_FULL);
        assertThat(b.offer(event(1000))).isNotNegative(); // memory has room again
    }

    private static int index(Conversion c) {
        return Integer.parseInt(c.sessionId().substring("session-".length()));
    }

    private long directoryBytes() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            long sum = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                sum += Files.size(p);
            }
            return sum;
        }
    }

    private void deleteDirectory() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
