package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a 429, {@link InFlightLimit} keeps to what the server sustains by Little's law: the answers
 * of the last second (the request rate it admitted) times the usual round trip. On a clock the test
 * moves, so which answers fall in "the last second" is exact.
 */
class InFlightLimitRateCapTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicInteger waiting = new AtomicInteger(1_000_000); // a backlog throughout
    private final AtomicLong clock = new AtomicLong();
    private InFlightLimit limit;

    @BeforeEach
    void atTheCeiling() {
        limit = new InFlightLimit(2, 16, 100, waiting::get, clock::get);
        for (int i = 0; i < 1_000 && limit.current() < 16; i++) {
            limit.answered(50 * MS);
        }
        assertThat(limit.current()).isEqualTo(16);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(5)); // the ramp's answers are long past
    }

    /** {@code count} answers spread evenly over the second that ends now, each after {@code rttMillis}. */
    private void answersOverOneSecond(int count, long rttMillis) {
        long step = TimeUnit.SECONDS.toNanos(1) / count;
        clock.addAndGet(-step * (count - 1));
        for (int i = 0; i < count; i++) {
            limit.answered(rttMillis * MS);
            if (i < count - 1) {
                clock.addAndGet(step);
            }
        }
    }

    @Test
    void a429CapsItAtTheAnswersOfTheLastSecondTimesTheRoundTrip() {
        answersOverOneSecond(150, 50); // a server that admits 150 requests a second

        limit.rateLimited(true);

        // 150/s x 50 ms = 7.5 requests in flight: 7 keeps under the rate, where halving (8) would not.
        assertThat(limit.current()).isEqualTo(7);
        for (int i = 0; i < InFlightLimit.RATE_CEILING_ANSWERS - 1; i++) {
            limit.answered(50 * MS);
        }
        assertThat(limit.current())
                .as("stays under the rate for the next answers")
                .isEqualTo(7);
    }

    @Test
    void theShortestRoundTripOfTheLastSecondCounts() {
        // A busy client stretches some round trips; the server's rate holds for the shortest.
        long step = TimeUnit.SECONDS.toNanos(1) / 150;
        clock.addAndGet(-step * 149);
        for (int i = 0; i < 150; i++) {
            limit.answered((i % 3 == 0 ? 40 : 120) * MS);
            clock.addAndGet(i < 149 ? step : 0);
        }

        limit.rateLimited(true);

        assertThat(limit.current()).as("150/s x 40 ms = 6").isEqualTo(6);
    }

    @Test
    void answersOlderThanASecondDoNotCount() {
        answersOverOneSecond(150, 50);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_500)); // those answers are now 1.5 s to 2.5 s old
        for (int i = 0; i < 40; i++) {
            limit.answered(50 * MS);
        }

        limit.rateLimited(true);

        assertThat(limit.current()).as("40/s x 50 ms = 2").isEqualTo(2);
    }

    @Test
    void ofTheSlotTheSecondBeginsInOnlyTheShareItCoversCounts() {
        for (int i = 0; i < 100; i++) {
            limit.answered(100 * MS); // 100 answers within one slot
        }
        // Now the second ending now begins half-way through that slot: half of its answers count.
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_050));

        limit.rateLimited(true);

        assertThat(limit.current()).as("50/s x 100 ms = 5").isEqualTo(5);
    }

    @Test
    void theRoundTripOfAnswersOlderThanASecondDoesNotCount() {
        clock.addAndGet(-TimeUnit.MILLISECONDS.toNanos(1_200));
        for (int i = 0; i < 20; i++) {
            limit.answered(10 * MS); // a fast spell, long over by the 429
        }
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_200));
        for (int i = 0; i < 150; i++) {
            limit.answered(50 * MS);
        }

        limit.rateLimited(true);

        assertThat(limit.current()).as("150/s x 50 ms = 7, not 150/s x 10 ms").isEqualTo(7);
    }

    @Test
    void aLongerRoundTripSustainsMoreInFlight() {
        answersOverOneSecond(150, 100);

        limit.rateLimited(true);

        // 150/s x 100 ms = 15, above half of 16: halved to 8, then grows back to 15, not 16.
        assertThat(limit.current()).isEqualTo(8);
        for (int i = 0; i < 500; i++) {
            limit.answered(100 * MS);
        }
        assertThat(limit.current()).isEqualTo(15);
    }

    @Test
    void a429ToTheFirstRequestAfterAPauseCutsNothingMore() {
        answersOverOneSecond(150, 50);
        limit.rateLimited(true);
        assertThat(limit.current()).isEqualTo(7);
        limit.answered(50 * MS); // a request sent before the 429 came: answered, but it says nothing new
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2)); // the pause: no answers

        limit.rateLimited(true); // the probe after the pause met a 429: the pause was too short

        assertThat(limit.current()).isEqualTo(7);
        limit.answered(50 * MS); // sent after the pause
        limit.rateLimited(true); // an overload after answers again: cut, by what the last second shows
        assertThat(limit.current()).isEqualTo(2);
    }

    @Test
    void aRequestSentAtTheVeryMomentOfThe429WasSentBeforeThePause() {
        answersOverOneSecond(150, 50);
        limit.rateLimited(true);
        assertThat(limit.current()).isEqualTo(7);
        clock.addAndGet(50 * MS);
        limit.answered(50 * MS); // sent exactly when the 429 came: not after the cut

        limit.rateLimited(true); // so this is still the probe after the pause

        assertThat(limit.current()).isEqualTo(7);
    }

    @Test
    void onlyTheFirst429OfAnOverloadCuts() {
        answersOverOneSecond(150, 50);
        limit.rateLimited(true);
        for (int i = 0; i < 15; i++) {
            limit.rateLimited(false); // the other requests under way met the same overload
        }
        assertThat(limit.current()).isEqualTo(7);
    }
}
