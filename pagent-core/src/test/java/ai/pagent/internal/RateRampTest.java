package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.RateLimitedException;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.RecordedRequest;
import ai.pagent.test.VirtualTimeIngests;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's ramp ({@link InFlightLimit}): while a backlog drains, the request rate at most doubles
 * from one second to the next and sends go one round trip / limit apart, so that the first time a
 * sliding one-second rate bound fills, at least every other arrival finds a slot that aged out: at
 * most one 429 in a row. On virtual time: the test plays the senders (as many requests under way as
 * the limit allows, each after its paced turn, answered a round trip later), so every send time is
 * exact and the run is the same on any machine.
 */
class RateRampTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long START = TimeUnit.HOURS.toNanos(1);

    /** A send or an answer at a virtual time; {@code seq} keeps equal times in the order scheduled. */
    private record Step(long at, long seq, boolean answer, long sentAt, boolean limited) {}

    /**
     * Drains {@code requests} requests of a backlog through {@code limit} (2 to 16 in flight): a
     * request goes when fewer than the limit are under way, after its paced turn; its answer comes
     * {@code rttMillis} later (plus up to 2 ms of seeded jitter), 429 when {@code ingest} says so.
     * Sending stops at the first 429 (the client pauses); the send times are returned.
     */
    private static List<Long> drain(
            InFlightLimit limit, AtomicLong clock, int requests, long rttMillis, RequestSink ingest) {
        return drain(limit, clock, requests, at -> rttMillis, ingest);
    }

    /** As above, with the round trip in milliseconds of a request sent at a virtual time. */
    private static List<Long> drain(
            InFlightLimit limit, AtomicLong clock, int requests, LongUnaryOperator rttMillisAt, RequestSink ingest) {
        List<Long> sent = new ArrayList<>();
        PriorityQueue<Step> steps = new PriorityQueue<>(
                (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
        Random jitter = new Random(12);
        long seq = 0;
        int underWay = 0;
        int left = requests;
        boolean paused = false;
        while (true) {
            while (!paused && left > 0 && underWay < limit.current()) {
                long at = clock.get() + limit.reserveSend();
                steps.add(new Step(at, seq++, false, at, false));
                underWay++;
                left--;
            }
            Step step = steps.poll();
            if (step == null) {
                return sent;
            }
            clock.set(step.at());
            if (!step.answer()) {
                if (paused) {
                    underWay--; // its turn came after the 429: it waits for the pause instead
                    continue;
                }
                sent.add(step.at());
                boolean limited = !ingest.admits(sent.size() - 1);
                long rtt = rttMillisAt.applyAsLong(step.at()) * MS + jitter.nextInt(2_000) * 1_000L;
                steps.add(new Step(step.at() + rtt, seq++, true, step.at(), limited));
            } else {
                underWay--;
                if (step.limited()) {
                    limit.rateLimited(!paused);
                    paused = true;
                } else {
                    limit.answered(step.at() - step.sentAt());
                }
            }
        }
    }

    /** Whether the ingest admits the {@code n}th request (0-based), sent now. */
    private interface RequestSink {
        boolean admits(int n);
    }

    private static InFlightLimit ramping(AtomicLong clock) {
        return new InFlightLimit(2, 16, 100, () -> 1_000_000, clock::get, true);
    }

    /** Sends per second of the drain, second by second from the first send. */
    private static List<Integer> perSecond(List<Long> sent) {
        List<Integer> counts = new ArrayList<>();
        for (long s : sent) {
            int second = (int) ((s - sent.get(0)) / SECOND);
            while (counts.size() <= second) {
                counts.add(0);
            }
            counts.set(second, counts.get(second) + 1);
        }
        return counts;
    }

    @Test
    void theRequestRateAtMostDoublesFromOneSecondToTheNext() {
        AtomicLong clock = new AtomicLong(START);
        InFlightLimit limit = ramping(clock);

        List<Long> sent = drain(limit, clock, 1_000, 50, n -> true);

        assertThat(sent).hasSize(1_000);
        assertThat(limit.peak()).as("it still reaches the bound").isEqualTo(16);
        List<Integer> perSecond = perSecond(sent);
        // The first second: at most twice the floor's rate (2 in flight at 50 ms: 40 a second).
        assertThat(perSecond.get(0)).as("per second: %s", perSecond).isLessThanOrEqualTo(2 * 40);
        for (int i = 1; i < perSecond.size() - 1; i++) { // the last second is the drain's tail
            assertThat(perSecond.get(i))
                    .as("second %d of %s", i, perSecond)
                    .isLessThanOrEqualTo(2 * perSecond.get(i - 1));
        }
    }

    @Test
    void sendsGoOneRoundTripPerLimitApart() {
        AtomicLong clock = new AtomicLong(START);
        InFlightLimit limit = ramping(clock);

        List<Long> sent = drain(limit, clock, 1_000, 50, n -> true);

        // Once at 16 in flight, a send every 50 ms / 16 = 3.1 ms at the soonest (later when every
        // request is under way and an answer is late), never a clump of requests sent at once.
        List<Long> gaps = new ArrayList<>();
        for (int i = sent.size() - 200; i < sent.size(); i++) {
            gaps.add(sent.get(i) - sent.get(i - 1));
        }
        assertThat(gaps).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(3 * MS));
    }

    @Test
    void aPacedSendWaitsItsTurnAndSendsAtOnceWithoutARoundTripKnown() {
        AtomicLong clock = new AtomicLong(START);
        InFlightLimit limit = new InFlightLimit(2, 16, 100, () -> 0, clock::get, true); // no backlog: stays at 2
        assertThat(limit.reserveSend()).as("no round trip known yet").isZero();
        assertThat(limit.reserveSend()).isZero();

        limit.answered(50 * MS);

        // At 2 in flight and 50 ms: one send every 25 ms, reserved in turn by senders that ask at once.
        assertThat(limit.reserveSend()).isZero();
        assertThat(limit.reserveSend()).isEqualTo(25 * MS);
        assertThat(limit.reserveSend()).isEqualTo(50 * MS);
        clock.addAndGet(200 * MS);
        assertThat(limit.reserveSend()).as("a turn long past is no debt").isZero();
    }

    @Test
    void aRoundTripThatShrinksDoesNotRaiseTheRateBeyondDouble() {
        AtomicLong clock = new AtomicLong(START);
        InFlightLimit limit = ramping(clock);

        // Four seconds of 400 ms round trips (a busy client: 16 in flight is 40 a second), then 50 ms,
        // at which the same 16 in flight would send 320 a second at once.
        List<Long> sent = drain(limit, clock, 2_000, at -> at - START < 4 * SECOND ? 400 : 50, n -> true);

        assertThat(limit.peak()).isEqualTo(16);
        List<Integer> perSecond = perSecond(sent);
        for (int i = 1; i < perSecond.size() - 1; i++) {
            // Twice the second before, or twice the floor's rate at the round trip of the moment (2 in
            // flight: 5 a second at 400 ms, 40 at 50 ms), within a tenth: the rate a second ago is
            // read from the sends of 200 ms around it. Without the cap on every send the 5 in flight
            // reached at 400 ms would send 100 a second at once.
            int floorRate = i < 4 ? 5 : 40;
            assertThat(perSecond.get(i)).as("second %d of %s", i, perSecond).isLessThanOrEqualTo((int)
                    (2.2 * Math.max(perSecond.get(i - 1), floorRate)));
        }
    }

    @Test
    void withoutTheRampTheAimdArithmeticRunsAloneAndNothingIsPaced() {
        AtomicLong clock = new AtomicLong(START);
        InFlightLimit limit = new InFlightLimit(2, 16, 100, () -> 1_000_000, clock::get);
        limit.answered(50 * MS);
        assertThat(limit.reserveSend()).isZero();
        assertThat(limit.reserveSend()).isZero();
    }

    @Test
    void theFirstOverloadOfARateBoundIsOne429InARow() {
        AtomicLong clock = new AtomicLong(START);
        InFlightLimit limit = ramping(clock);
        try (FakeIngest ingest = VirtualTimeIngests.start(clock::get)) {
            HttpTransport http = new HttpTransport(
                    HttpTransport.defaultClient(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                    true,
                    HttpTransport.conversionsUrl(HttpUrl.get(ingest.endpoint())),
                    ApiKey.of(ingest.apiKey()),
                    Clock.systemUTC());
            // The benchmark's rateLimited scenario: 150 requests a second, 50 ms round trips.
            ingest.rateLimitAbove(150, Duration.ofSeconds(1));

            drain(limit, clock, 1_000, 50, n -> {
                try {
                    http.send(List.of(event(n)));
                    return true;
                } catch (RateLimitedException e) {
                    return false;
                }
            });

            // Answered at once, one at a time in virtual-time order: the ingest's order is the arrival order.
            List<Integer> statuses =
                    ingest.requests().stream().map(RecordedRequest::status).toList();
            assertThat(statuses).as("the bound was reached").contains(429);
            assertThat(longestRun(statuses, 429))
                    .as(
                            "429s in a row in the ingest's order: %s",
                            statuses.subList(statuses.indexOf(429), statuses.size()))
                    .isEqualTo(1);
            http.close();
        }
    }

    private static Conversion event(int n) {
        return TestConversions.event(n);
    }

    private static int longestRun(List<Integer> statuses, int status) {
        int longest = 0;
        int run = 0;
        for (int s : statuses) {
            run = s == status ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
