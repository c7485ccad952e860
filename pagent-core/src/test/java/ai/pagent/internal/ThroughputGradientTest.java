package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link ThroughputGradient}'s verdicts answer by answer on a virtual clock, and what it makes of
 * {@link InFlightLimit} when the round trip is CPU (it grows with the requests in flight, as on
 * loopback) or the wire's (it does not).
 */
class ThroughputGradientTest {
    /** What the growth rule proposes here: a little more than the limit, not the next level yet. */
    private static double grown(int level) {
        return level + 0.5;
    }

    /**
     * {@code count} answers at limit {@code level}, each {@code rtt} long, answered from {@code at} on;
     * returns the last answer's limit, or -1 if an earlier one changed it.
     */
    private static double answers(ThroughputGradient g, int count, long at, long rtt, int level) {
        for (int i = 0; i < count - 1; i++) {
            if (g.next(at + i, rtt, level, grown(level)) != grown(level)) {
                return -1;
            }
        }
        return g.next(at + count - 1, rtt, level, grown(level));
    }

    /** Band 2-3 measured at level 2 (five answers of 100), then the limit at 4 from 2 000. */
    private static ThroughputGradient atFourAfterTwo() {
        ThroughputGradient g = new ThroughputGradient(2, 16, 500);
        assertThat(answers(g, 5, 1_000, 100, 2)).isEqualTo(grown(2));
        g.next(2_000, 2_000, 4, grown(4)); // sent before the gradient was made: no level's
        return g;
    }

    @Test
    void bandsDouble() {
        assertThat(ThroughputGradient.band(2)).isEqualTo(1);
        assertThat(ThroughputGradient.band(3)).isEqualTo(1);
        assertThat(ThroughputGradient.band(4)).isEqualTo(2);
        assertThat(ThroughputGradient.band(7)).isEqualTo(2);
        assertThat(ThroughputGradient.band(8)).isEqualTo(3);
        assertThat(ThroughputGradient.band(16)).isEqualTo(4);
        assertThat(ThroughputGradient.samples(1)).isEqualTo(5);
        assertThat(ThroughputGradient.samples(2)).isEqualTo(5);
        assertThat(ThroughputGradient.samples(3)).isEqualTo(8);
        assertThat(ThroughputGradient.samples(4)).isEqualTo(16);
    }

    @Test
    void aBandThatBoughtItsShareOfThroughputStays() {
        ThroughputGradient g = atFourAfterTwo();

        // Twice the level: needs 1.5 x 2/100 = 0.03 per tick, 4/133 is a little more.
        assertThat(answers(g, 5, 3_000, 133, 4)).isEqualTo(grown(4));
    }

    @Test
    void aBandThatBoughtLessGoesBackToTheFloor() {
        ThroughputGradient g = atFourAfterTwo();

        assertThat(answers(g, 4, 3_000, 134, 4)).isEqualTo(grown(4));
        assertThat(g.next(3_004, 134, 4, grown(4)))
                .as("the fifth answer judges")
                .isEqualTo(2);
    }

    @Test
    void aBandIsJudgedAgainEachTimeAsManyMoreAnswersAreIn() {
        ThroughputGradient g = atFourAfterTwo();
        answers(g, 5, 3_000, 100, 4); // fast: stays
        // Slow ones later: 4 x 10 / (500 + 5 x 400) = 0.016 < 0.03, judged at the tenth.
        assertThat(answers(g, 4, 4_000, 400, 4)).isEqualTo(grown(4));
        assertThat(g.next(4_004, 400, 4, grown(4))).isEqualTo(2);
    }

    @Test
    void aHigherBandGoesBackTwoBands() {
        ThroughputGradient g = new ThroughputGradient(2, 16, 500);
        g.next(1_000, 1_000, 4, grown(4)); // levels 3 and 4 from 1 000
        answers(g, 5, 2_000, 100, 4); // band 4-7: 4/100 per tick
        g.next(3_000, 3_000, 8, grown(8)); // levels 5 to 8 from 3 000
        assertThat(answers(g, 7, 4_000, 200, 8)).isEqualTo(grown(8));
        assertThat(g.next(4_007, 200, 8, grown(8)))
                .as("flat at 8: back to 2, below band 4-7")
                .isEqualTo(2);
    }

    @Test
    void theVerdictNeedsTheBandBelowMeasured() {
        ThroughputGradient g = new ThroughputGradient(2, 16, 500);
        answers(g, 4, 1_000, 100, 2); // one answer short
        g.next(2_000, 2_000, 4, grown(4));

        assertThat(answers(g, 20, 3_000, 1_000, 4)).isEqualTo(grown(4));
    }

    @Test
    void theFloorsBandIsNotJudged() {
        ThroughputGradient g = new ThroughputGradient(4, 16, 500);
        answers(g, 5, 1_000, 100, 4);
        // Level 4 is band 4-7's lowest: slow answers at 5 are the same band, below it nothing.
        g.next(2_000, 2_000, 5, grown(5));
        assertThat(answers(g, 20, 3_000, 10_000, 5)).isEqualTo(grown(5));
    }

    @Test
    void anAnswerCountsForTheLevelItsRequestWasSentAt() {
        ThroughputGradient g = atFourAfterTwo();
        // Answered at level 4 but sent before it began: band 2-3's.
        assertThat(answers(g, 5, 2_100, 1_000, 4)).isEqualTo(grown(4));
        // Sent at 2 000 exactly: level 4's, and too slow for the step (band 2-3 is now 20/5 500).
        assertThat(answers(g, 5, 3_000, 1_000, 4)).isEqualTo(2);
    }

    @Test
    void requestsSentBeforeItWasMadeCountForNoLevel() {
        ThroughputGradient g = new ThroughputGradient(2, 16, 1_000);
        answers(g, 10, 1_500, 600, 2); // sent at 900 to 909
        g.next(2_000, 1_001, 4, grown(4));

        assertThat(answers(g, 5, 3_000, 1_000, 4)).as("band 2-3 has no answers").isEqualTo(grown(4));
    }

    @Test
    void aCutStartsTheClimbAnew() {
        ThroughputGradient g = atFourAfterTwo();
        g.next(3_000, 100, 3, grown(3)); // cut to 3 at 3 000: what came before is forgotten
        // Slow answers of requests sent before the cut judge nothing; band 2-3 has none since.
        assertThat(answers(g, 5, 3_100, 1_000, 3)).isEqualTo(grown(3));
        answers(g, 5, 3_200, 100, 3); // band 2-3 anew: 3/100 per tick
        g.next(4_000, 1_001, 4, grown(4));
        assertThat(answers(g, 5, 5_000, 150, 4)).isEqualTo(2); // 4/150 < 1.5 x 3/100 x ...
    }

    @Test
    void growthThatCrossesALevelStartsItAtOnce() {
        ThroughputGradient g = new ThroughputGradient(2, 16, 500);
        answers(g, 5, 1_000, 100, 2);
        // The growth rule proposes 4.2 at 2 000: level 4 begins then, not at the next answer.
        assertThat(g.next(2_000, 2_000, 2, 4.2)).isEqualTo(4.2);
        assertThat(answers(g, 5, 3_000, 1_000, 4)).isEqualTo(2);
    }

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * A backlog drained through {@code limit}: as many requests in flight as it allows, each answered
     * {@code rtt(limit when sent)} after it was sent. Returns the mean limit over {@code count} answers.
     */
    private static double drain(InFlightLimit limit, AtomicLong clock, IntToLongFunction rtt, int count) {
        PriorityQueue<long[]> inFlight = new PriorityQueue<>(Comparator.comparingLong((long[] r) -> r[0]));
        double sum = 0;
        for (int i = 0; i < count; i++) {
            while (inFlight.size() < limit.current()) {
                long r = rtt.applyAsLong(limit.current());
                inFlight.add(new long[] {clock.get() + r, r});
            }
            long[] answered = inFlight.poll();
            clock.set(answered[0]);
            limit.answered(answered[1]);
            sum += limit.current();
        }
        return sum / count;
    }

    @Test
    void whenTheRoundTripGrowsWithTheRequestsInFlightTheLimitStaysLow() {
        // A CPU-bound ingest on loopback: the same requests per second whatever the limit.
        AtomicLong clock = new AtomicLong(1_000 * MS);
        InFlightLimit limit = new InFlightLimit(2, 16, 100, () -> 10_000, clock::get);

        double mean = drain(limit, clock, l -> l * MS / 2, 1_000);

        assertThat(mean).isLessThan(8);
        assertThat(limit.current()).isLessThan(10);
    }

    @Test
    void whenTheRoundTripIsTheWiresItGrowsToTheCeilingAsFastAsWithoutIt() {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        InFlightLimit limit = new InFlightLimit(2, 16, 100, () -> 10_000, clock::get);

        drain(limit, clock, l -> 50 * MS, 130);
        assertThat(limit.current()).isEqualTo(16);
        double mean = drain(limit, clock, l -> 50 * MS, 1_000);
        assertThat(mean).isEqualTo(16);
    }
}
