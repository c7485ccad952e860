package ai.pagent.internal;

import static ai.pagent.internal.SpoolLogTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool's memory is bounded in bytes like the in-memory queue ({@code queueCapacityBytes}):
 * past the memory queue's share of the budget events wait on disk only instead of being dropped;
 * events on their way to the disk count too; memory only (no usable disk) refuses past the budget.
 */
class SpoolMemoryBudgetTest {
    /** The client's smallest {@code queueCapacityBytes}: the memory queue may take half of it. */
    static final long BUDGET = 64 * 1024;

    @TempDir
    Path dir;

    final SpoolEventBufferTest.Recorder events = new SpoolEventBufferTest.Recorder();
    final List<SpoolEventBuffer> opened = new ArrayList<>();
    final List<WriterGate> gates = new ArrayList<>();

    SpoolEventBuffer open(Path directory, SpoolWriter.Waits waits) {
        SpoolEventBuffer b = new SpoolEventBuffer(
                new SpoolSettings(directory, Duration.ofMillis(10), SpoolSettings.DEFAULT_MAX_BYTES),
                100_000, // never the limit here: bytes are
                BUDGET,
                new PagentThreads(),
                events,
                waits);
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeAll() {
        gates.forEach(WriterGate::release);
        opened.forEach(b -> b.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
    }

    @Test
    void pastTheByteBudgetEventsWaitOnDiskOnlyAndNoneIsDropped() {
        SpoolEventBuffer b = open(dir, SpoolWriter.Waits.SYSTEM);
        int n = 2000; // ~170 bytes each: about five times the budget
        for (int i = 0; i < n; i++) {
            assertThat(b.offer(event(i))).isNotNegative();
            assertThat(b.bytes()).isLessThanOrEqualTo(BUDGET);
            if (i % 50 == 49) { // as fast as the disk: none waits for the writer long enough to be refused
                long written = i + 1;
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> b.spooled() == written);
            }
        }

        // The memory queue filled its share (half the smallest budget) and the rest waits on disk.
        long inMemory = b.bytes();
        assertThat(inMemory).isLessThanOrEqualTo(BUDGET / 2);
        assertThat(inMemory + event(b.size()).encodedSize()).isGreaterThan(BUDGET / 2);
        assertThat(b.backlog()).isEqualTo(n - b.size()).isPositive();

        List<Conversion> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Conversion> batch = new ArrayList<>();
            b.claim(batch, 50);
            b.completed(batch);
            all.addAll(batch);
            assertThat(b.bytes()).isLessThanOrEqualTo(BUDGET / 2); // read back only as room frees
            return all.size() == n;
        });
        assertThat(SpoolEventBufferTest.sessions(all)).containsExactlyElementsOf(SpoolLogTest.sessionRange(0, n));
        assertThat(events.droppedCount()).isZero();
        assertThat(b.bytes()).isZero();
        assertThat(b.backlog()).isZero();
    }

    @Test
    void eventsWaitingForTheWriterCountInTheBudgetAndPastItAreRefused() throws InterruptedException {
        WriterGate gate = new WriterGate(true); // the disk "stalls": the writer stays asleep
        gates.add(gate);
        SpoolEventBuffer b = open(dir, gate);
        gate.nextSleep();

        List<Integer> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            if (b.offer(event(i)) >= 0) {
                accepted.add(i);
            } else {
                refused++; // the client counts these as QUEUE_FULL
            }
        }
        assertThat(b.bytes()).isLessThanOrEqualTo(BUDGET);
        assertThat(b.bytes() + event(1000).encodedSize()).isGreaterThan(BUDGET);
        assertThat(refused).isEqualTo(1000 - accepted.size()).isPositive();
        assertThat(b.size()).isLessThan(accepted.size()); // the rest were on their way to disk only

        gate.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> b.spooled() == accepted.size());
        List<Conversion> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Conversion> batch = new ArrayList<>();
            b.claim(batch, 50);
            b.completed(batch);
            all.addAll(batch);
            return all.size() == accepted.size();
        });
        assertThat(SpoolEventBufferTest.sessions(all))
                .containsExactlyElementsOf(
                        accepted.stream().map(i -> "session-" + i).toList());
        assertThat(b.bytes()).isZero();
    }

    @Test
    void withoutAUsableDiskMemoryHoldsTheWholeBudgetAndRefusesPastIt() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        SpoolEventBuffer b = open(file.resolve("spool"), SpoolWriter.Waits.SYSTEM);
        assertThat(b.durable()).isFalse();

        int accepted = 0;
        while (b.offer(event(accepted)) >= 0) {
            accepted++;
        }
        assertThat(b.bytes()).isLessThanOrEqualTo(BUDGET);
        assertThat(b.bytes() + event(accepted).encodedSize()).isGreaterThan(BUDGET);
        assertThat(b.size()).isEqualTo(accepted);

        List<Conversion> batch = new ArrayList<>();
        b.claim(batch, 10);
        assertThat(b.offer(event(accepted))).isNotNegative(); // claiming gave bytes back
    }
}
