package ai.pagent.internal;

import static ai.pagent.internal.SpoolLogTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit, pinned through the writer's clock-and-sleep seam ({@link WriterGate}): what arrives
 * is written at once, whatever the fsync interval; the force comes when the interval has passed
 * since the last one; and a burst that arrives while the writer sleeps wakes it once.
 */
class SpoolWriterWakeTest {
    static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);
    static final long IDLE = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    final SpoolEventBufferTest.Recorder events = new SpoolEventBufferTest.Recorder();
    final List<SpoolEventBuffer> opened = new ArrayList<>();
    final List<WriterGate> gates = new ArrayList<>();

    SpoolEventBuffer open(WriterGate gate, Duration fsyncInterval) {
        gates.add(gate);
        SpoolEventBuffer b = new SpoolEventBuffer(
                new SpoolSettings(dir, fsyncInterval, SpoolSettings.DEFAULT_MAX_BYTES),
                100_000,
                1L << 30,
                new PagentThreads(),
                events,
                gate);
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeAll() {
        gates.forEach(WriterGate::release);
        opened.forEach(b -> b.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
    }

    @Test
    void aBurstWhileTheWriterSleepsWakesItOnceAndIsWrittenBeforeTheFsyncIsDue() throws InterruptedException {
        WriterGate gate = new WriterGate(true);
        SpoolEventBuffer b = open(gate, Duration.ofMillis(100));
        assertThat(gate.nextSleep()).isEqualTo(IDLE); // nothing to force: sleeps until woken

        SpoolEventBufferTest.offer(b, 0, 1000); // the writer is held asleep through all of them
        assertThat(gate.wakeUps).hasValue(1);
        assertThat(b.spooled()).isZero();

        gate.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> b.spooled() == 1000);
        // Written with the clock standing still: the writer did not wait for the fsync interval.
        assertThat(b.syncs()).isZero();
        // ... and it sleeps no longer than until the force of what it wrote is due.
        assertThat(gate.nextSleep()).isEqualTo(INTERVAL);

        gate.timeOut(INTERVAL);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.syncs() == 1);
        assertThat(gate.nextSleep()).isEqualTo(IDLE); // all forced: nothing due any more

        List<Conversion> claimed = new ArrayList<>();
        b.claim(claimed, Integer.MAX_VALUE);
        assertThat(SpoolEventBufferTest.sessions(claimed))
                .containsExactlyElementsOf(SpoolLogTest.sessionRange(0, 1000));
    }

    @Test
    void aGroupWrittenWhenTheIntervalHasPassedSinceTheLastForceIsForcedAtOnce() throws InterruptedException {
        WriterGate gate = new WriterGate(false);
        SpoolEventBuffer b = open(gate, Duration.ofMillis(100));
        assertThat(gate.nextSleep()).isEqualTo(IDLE);

        gate.now.addAndGet(INTERVAL + 1); // idle for longer than the interval, nothing woke the writer
        assertThat(b.offer(event(0))).isNotNegative();

        await().atMost(Duration.ofSeconds(30)).until(() -> b.syncs() == 1);
        assertThat(b.spooled()).isEqualTo(1);
        assertThat(gate.nextSleep()).isEqualTo(IDLE);
        assertThat(gate.now.get()).isEqualTo(1_000_000_000L + INTERVAL + 1); // no time passed meanwhile
    }

    @Test
    void withAZeroIntervalEveryGroupIsForcedBeforeTheWriterSleeps() throws InterruptedException {
        WriterGate gate = new WriterGate(false);
        SpoolEventBuffer b = open(gate, Duration.ZERO);
        assertThat(gate.nextSleep()).isEqualTo(IDLE);

        for (int group = 1; group <= 3; group++) {
            assertThat(b.offer(event(group))).isNotNegative();
            assertThat(gate.nextSleep()).isEqualTo(IDLE); // asleep again: the group is written and forced
            assertThat(b.spooled()).isEqualTo(group);
            assertThat(b.syncs()).isEqualTo(group);
        }
    }
}
