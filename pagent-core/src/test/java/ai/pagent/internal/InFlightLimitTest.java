package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The AIMD arithmetic of {@link InFlightLimit}, sample by sample, on a clock that stands still (so
 * every answer counts as one of the last second; {@link InFlightLimitRateCapTest} moves it).
 */
class InFlightLimitTest {
    private static final long RTT = TimeUnit.MILLISECONDS.toNanos(50);

    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong();

    private InFlightLimit limit(int floor, int ceiling) {
        return new InFlightLimit(floor, ceiling, 100, waiting::get, clock::get);
    }

    /**
     * {@code count} answers without a backlog (so the limit does not grow): within one second at
     * {@link #RTT}, 400 answers make Little's law sustain 20 in flight, more than any limit here.
     */
    private void answersWithoutGrowing(InFlightLimit limit, int count) {
        int backlog = waiting.getAndSet(0);
        for (int i = 0; i < count; i++) {
            limit.answered(RTT);
        }
        waiting.set(backlog);
    }

    /** Feeds answered samples until the limit reaches {@code target}; returns how many it took. */
    private static int growTo(InFlightLimit limit, int target) {
        int samples = 0;
        while (limit.current() < target && samples < 10_000) {
            limit.answered(RTT);
            samples++;
        }
        return samples;
    }

    /** A request sent after the last cut is answered: the clock moves on by a round trip and a bit. */
    private void resumeSending(InFlightLimit limit) {
        clock.addAndGet(2 * RTT);
        limit.answered(RTT);
    }

    @Test
    void startsAtTheFloor() {
        assertThat(limit(3, 16).current()).isEqualTo(3);
        assertThat(limit(3, 16).peak()).isEqualTo(3);
    }

    @Test
    void growsAboutOnePerRoundTripWhileMoreThanAFullBatchWaits() {
        waiting.set(101);
        InFlightLimit limit = limit(2, 16);

        // 1/limit per answer: about as many answers as the limit (one round trip of them) per step.
        assertThat(growTo(limit, 3)).isEqualTo(3); // 2, 2.5, 2.9, 3.24
        int toSixteen = growTo(limit, 16);
        assertThat(toSixteen).isBetween(3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14, 125);
        assertThat(limit.peak()).isEqualTo(16);
    }

    @Test
    void doesNotGrowWithoutABacklog() {
        waiting.set(100); // a full batch is no backlog: one request takes it
        InFlightLimit limit = limit(2, 16);

        for (int i = 0; i < 1000; i++) {
            limit.answered(RTT);
        }

        assertThat(limit.current()).isEqualTo(2);
    }

    @Test
    void neverExceedsTheCeiling() {
        waiting.set(1_000_000);
        InFlightLimit limit = limit(2, 5);

        for (int i = 0; i < 10_000; i++) {
            limit.answered(RTT);
        }

        assertThat(limit.current()).isEqualTo(5);
        assertThat(limit.peak()).isEqualTo(5);
    }

    @Test
    void aRateLimitHalvesIt() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 16);
        answersWithoutGrowing(limit, 400);

        limit.rateLimited(true);
        assertThat(limit.current()).isEqualTo(8);
        resumeSending(limit); // the next 429 is a new overload
        limit.rateLimited(true);
        assertThat(limit.current()).isEqualTo(4);
        resumeSending(limit);
        limit.rateLimited(true);
        resumeSending(limit);
        limit.rateLimited(true);
        assertThat(limit.current()).as("never below the floor").isEqualTo(2);
        assertThat(limit.peak()).isEqualTo(16);
    }

    @Test
    void theRestOfABurstOf429sCutsNothingMore() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 12);
        answersWithoutGrowing(limit, 400);

        limit.rateLimited(true);
        for (int i = 0; i < 11; i++) {
            limit.rateLimited(false); // the other requests under way met the same overload
        }

        assertThat(limit.current()).isEqualTo(6);
    }

    @Test
    void afterA429GrowsBackOnlyToJustBelowTheLimitThatMetIt() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 9);
        answersWithoutGrowing(limit, 400);
        limit.rateLimited(true); // at 9.x: the ceiling becomes 8
        assertThat(limit.current()).isEqualTo(4);

        int answers = 0;
        while (answers < InFlightLimit.RATE_CEILING_ANSWERS - 1) {
            limit.answered(RTT);
            answers++;
        }
        assertThat(limit.current()).isEqualTo(8);

        // After that many answers without a 429, it probes above again.
        growTo(limit, 16);
        assertThat(limit.current()).isEqualTo(16);
    }

    @Test
    void theCeilingAfterA429LiftsWithItsLastAnswer() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 9);
        answersWithoutGrowing(limit, 400);
        limit.rateLimited(true); // at 9.x: the ceiling becomes 8, the limit 4

        int answers = 0;
        while (limit.current() <= 8 && answers < 2 * InFlightLimit.RATE_CEILING_ANSWERS) {
            limit.answered(RTT);
            answers++;
        }

        // The RATE_CEILING_ANSWERS-th answer lifts the ceiling and grows it by 1/8; eight more reach 9.
        assertThat(answers).isEqualTo(InFlightLimit.RATE_CEILING_ANSWERS + 8);
    }

    @Test
    void aServerErrorOrTimeoutCutsItByATenth() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 16);

        limit.failed();
        assertThat(limit.current()).isEqualTo(14); // 16 * 0.9 = 14.4
        limit.failed();
        assertThat(limit.current()).isEqualTo(12); // 12.96
        for (int i = 0; i < 100; i++) {
            limit.failed();
        }
        assertThat(limit.current()).isEqualTo(2);
    }

    @Test
    void risingLatencyCutsItOncePerRoundOfRequestsInFlight() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 10);
        long slow = 4 * RTT;

        // The short average needs a few slow answers to cross twice the long one.
        int answers = 0;
        while (limit.current() == 10 && answers < 100) {
            limit.answered(slow);
            answers++;
        }
        assertThat(limit.current()).isEqualTo(9);
        assertThat(answers).isBetween(2, 10);

        // Right after a cut, a round of answers (as many as the limit) passes before the next one.
        int sinceCut = 0;
        while (limit.current() == 9 && sinceCut < 100) {
            limit.answered(slow);
            sinceCut++;
        }
        assertThat(limit.current()).isEqualTo(8);
        assertThat(sinceCut).isBetween(10, 15);
    }

    @Test
    void afterALatencyCutTheNextWaitsExactlyOneRoundOfRequestsInFlight() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 10);
        growTo(limit, 10);
        long queueing = 100 * RTT; // far above twice the usual: every answer reads as queueing

        limit.answered(queueing);
        assertThat(limit.current()).isEqualTo(9); // 10 x 0.9, exactly

        int answers = 0;
        while (limit.current() == 9 && answers < 100) {
            limit.answered(queueing);
            answers++;
        }
        assertThat(limit.current()).isEqualTo(8);
        assertThat(answers).as("a round: as many answers as the limit of 9").isEqualTo(9);
    }

    @Test
    void onAFastLinkAFewMillisecondsOfJitterAreNotQueueing() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        for (int i = 0; i < 100; i++) {
            limit.answered(ms);
        }

        for (int i = 0; i < 100; i++) {
            // four times the usual round trip, but within the slack of LATENCY_SLACK_MILLIS
            limit.answered(i % 2 == 0 ? 4 * ms : ms);
        }

        assertThat(limit.current()).isEqualTo(16);
    }

    @Test
    void jitterAroundTheUsualRoundTripKeepsGrowing() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);

        for (int i = 0; i < 200; i++) {
            limit.answered(i % 3 == 0 ? 3 * RTT : RTT / 2); // single slow answers among fast ones
        }

        assertThat(limit.current()).isEqualTo(16);
    }

    @Test
    void aLastingSlowerRoundTripBecomesTheUsualOne() {
        waiting.set(1_000);
        InFlightLimit limit = limit(2, 16);
        growTo(limit, 6);

        for (int i = 0; i < 1_000; i++) {
            limit.answered(5 * RTT); // the link got slower for good (a new route), not our own queueing
        }

        assertThat(limit.current()).as("cut at first, then grown again").isEqualTo(16);
    }

    @Test
    void aFixedLimitIgnoresSamples() {
        waiting.set(1_000);
        InFlightLimit limit = limit(4, 4);

        for (int i = 0; i < 100; i++) {
            limit.answered(RTT);
        }
        limit.rateLimited(true);
        limit.failed();

        assertThat(limit.current()).isEqualTo(4);
    }
}
