package ai.pagent.internal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How many requests may be under way at once: an AIMD limit (additive increase, multiplicative
 * decrease: TCP's congestion window, Netflix concurrency-limits' {@code AIMDLimit}) between a floor
 * ({@code maxInFlight}) and a ceiling ({@code maxInFlightLimit}), with a latency guard in the spirit of
 * their gradient limits. Each request's outcome is one sample:
 * <ul>
 *   <li>an answered request while a backlog persists (more than a full batch waits) grows the limit
 *       by {@code 1/limit}, so about one per round trip of every request in flight;
 *   <li>a 429 halves it, once per pause (the 429s of requests already under way when the first came
 *       belong to the same overload), and no further than what the server sustains by Little's law:
 *       the requests answered in the last second (the rate it admits) times the shortest round trip
 *       among them. For the next {@value #RATE_CEILING_ANSWERS} answers it then stays at or below
 *       that, and below the limit that met the 429, so that a client held to a request rate keeps
 *       under it instead of probing past it again and again. A 429 before any request sent since the
 *       last cut was answered (the probe after the pause) cuts nothing more: it says the pause was
 *       too short, which {@link SendGate} handles by doubling the next one;
 *   <li>a 5xx, a timeout or a connection error cuts it by a tenth;
 *   <li>an answered request while the recent round trip (a short average, over about the last five)
 *       exceeds twice the usual one (a long average, over about the last hundred) plus {@value
 *       #LATENCY_SLACK_MILLIS} ms, so requests queue at the server or on the way, cuts it by a tenth,
 *       at most once per round of requests in flight. Averages, not the fastest round trip, so that
 *       jitter on a busy machine does not read as queueing; a lasting change of the round trip
 *       becomes the usual one within a few hundred requests (Gradient2 does the same).
 * </ul>
 * Samples come from the sender threads; {@link #current()} is read without a lock by the thread that
 * forms batches.
 *
 * <h2>The ramp: the request rate at most doubles from one second to the next</h2>
 * A server that limits requests per second over a sliding window refuses every request that arrives
 * once the window is full, until one admitted a window earlier ages out. When the window first fills,
 * the requests in flight all arrive before the first 429 is back (the client cannot know the bound
 * before that 429: the API announces none). How many of them are refused in a row depends on how many
 * slots age out meanwhile, that is on the request rate one window earlier: the plain AIMD ramp went
 * from 40 to 320 requests a second (2 to 16 in flight at 50 ms) within 0.7 s, before anything aged
 * out, so a bound of 150 a second refused all 15-16 in flight in a row. So (issue 12) growth also
 * needs the new limit's request rate, {@code limit / recent round trip} (the short average: the
 * long one still holds the slow first requests of a new connection, which would pace too slowly), to be at most {@value
 * #RAMP_FACTOR} times the rate sent one second earlier (the sends of the {@value
 * #RAMP_LOOKBACK_MILLIS} ms around that moment), and never less than that times the floor's rate (a
 * backlog after an idle spell starts from the floor); and {@link #reserveSend()} paces sends one
 * recent round trip / limit apart, and never faster than that doubled rate (a round trip that shrinks
 * would otherwise raise the rate of the same limit at once), since requests that travel in clumps of
 * the limit meet a full window as a clump. Then, when the window fills, at least about every other arrival finds a slot that aged out.
 * What it holds for, and what it costs (measured in {@code benchmarks/README.md}):
 * <ul>
 *   <li>a limiter whose window is about one second; against a per-minute window it does nothing;
 *   <li>bounds above about twice the floor's rate (the first second's ramp must not fill the window
 *       alone): from ~150 requests a second up at the defaults and 50 ms;
 *   <li>a slower ramp, whatever the round trip: at most twice the floor in flight in the first second,
 *       then at most double per second (2, 4, 8, 16 over about three seconds instead of 0.7 s at 50
 *       ms), so a backlog drains later; on loopback too, where a short drain now runs mostly at 4 to
 *       8 in flight (on two busy cores the fixed 2 was faster there than 16 anyway).
 * </ul>
 * After a 429 the limit is set by Little's law as above; the ramp and the pacing keep applying.
 */
final class InFlightLimit {
    /** What a 5xx, a timeout, a connection error or a slow round trip leaves of the limit. */
    static final double BACKOFF = 0.9;
    /** What a 429 leaves of the limit. */
    static final double RATE_LIMITED_BACKOFF = 0.5;
    /** Answers after a 429 during which the limit stays below the one that met the 429. */
    static final int RATE_CEILING_ANSWERS = 1000;
    /** A recent round trip this many times the usual one (plus the slack) means requests queue. */
    static final double LATENCY_TOLERANCE = 2.0;

    static final long LATENCY_SLACK_MILLIS = 5;
    private static final long LATENCY_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(LATENCY_SLACK_MILLIS);
    /** Samples the long average of round trips spans. */
    static final int LONG_WINDOW = 100;
    /** Weight of the newest round trip in the short average. */
    private static final double SHORT_WEIGHT = 0.2;
    /** Answers are counted per slot of this many nanoseconds, {@value #RATE_SLOTS} slots a second. */
    private static final long RATE_SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    static final int RATE_SLOTS = 10;

    /** How much the request rate may grow from one second to the next. */
    static final double RAMP_FACTOR = 2.0;
    /** The sends that tell the rate one second ago: this long around that moment. */
    static final long RAMP_LOOKBACK_MILLIS = 200;
    /** Sends are counted per slot of {@link #RATE_SLOT_NANOS} over this many slots: the last 2.2 s. */
    private static final int SEND_SLOTS = 2 * RATE_SLOTS + 2;

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int floor;
    private final int ceiling;
    private final int batchSize;
    private final IntSupplier waiting;
    private final LongSupplier nanoClock;
    /** Whether growth keeps to {@link #RAMP_FACTOR} and sends are paced (off: the AIMD arithmetic alone). */
    private final boolean rateRamp;

    private volatile int current;
    // Guarded by this.
    private double limit;
    private int peak;
    private long samples;
    private double longRtt;
    private double shortRtt;
    private int samplesSinceCut;
    private int rateCeiling;
    private int answersSinceRateLimit;
    /** Whether a request sent after the last 429 that cut the limit was answered. */
    private boolean answeredSinceRateLimit = true;
    /** When the last 429 cut the limit (the clock's time). */
    private long rateLimitedAt;
    /**
     * Answers per slot of {@link #RATE_SLOT_NANOS}, and which slot (time / slot length) each counts:
     * the last second's slots and the one before, which the second reaches into.
     */
    private final int[] slotAnswers = new int[RATE_SLOTS + 1];

    private final long[] slotOf = new long[RATE_SLOTS + 1];
    /** The shortest round trip answered in each slot. */
    private final long[] slotShortestRtt = new long[RATE_SLOTS + 1];
    /** Sends per slot, and which slot each counts (as for answers). */
    private final int[] slotSends = new int[SEND_SLOTS];

    private final long[] sendSlotOf = new long[SEND_SLOTS];
    /** The earliest time the next paced send may go (the clock's time). */
    private long nextSendAt;

    /**
     * @param floor the starting and lowest limit
     * @param ceiling the highest limit
     * @param batchSize events in a full batch: more than this waiting after a request is a backlog
     * @param waiting how many events wait to be sent
     */
    InFlightLimit(int floor, int ceiling, int batchSize, IntSupplier waiting) {
        this(floor, ceiling, batchSize, waiting, System::nanoTime, true);
    }

    /**
     * The AIMD arithmetic alone, without the rate ramp and the pacing, on the clock that times answers:
     * for tests of that arithmetic.
     */
    InFlightLimit(int floor, int ceiling, int batchSize, IntSupplier waiting, LongSupplier nanoClock) {
        this(floor, ceiling, batchSize, waiting, nanoClock, false);
    }

    /** As above, with the rate ramp and the pacing when {@code rateRamp} (as a client has them). */
    InFlightLimit(
            int floor, int ceiling, int batchSize, IntSupplier waiting, LongSupplier nanoClock, boolean rateRamp) {
        this.nanoClock = nanoClock;
        this.rateRamp = rateRamp;
        this.floor = floor;
        this.ceiling = Math.max(floor, ceiling);
        this.batchSize = batchSize;
        this.waiting = waiting;
        this.limit = floor;
        this.current = floor;
        this.peak = floor;
        this.rateCeiling = this.ceiling;
        Arrays.fill(slotOf, Long.MIN_VALUE);
        Arrays.fill(sendSlotOf, Long.MIN_VALUE);
        this.nextSendAt = nanoClock.getAsLong();
    }

    /** The number of requests that may be under way now. */
    int current() {
        return current;
    }

    /** The highest limit reached so far. */
    synchronized int peak() {
        return peak;
    }

    /** pagent answered (2xx, or a 400/413 about the request itself) after {@code rttNanos}. */
    void answered(long rttNanos) {
        if (floor == ceiling) {
            return;
        }
        boolean backlog = waiting.getAsInt() > batchSize;
        long now = nanoClock.getAsLong();
        synchronized (this) {
            countAnswer(now, rttNanos);
            if (now - rttNanos - rateLimitedAt > 0) {
                answeredSinceRateLimit = true; // sent after the cut: sending resumed
            }
            samplesSinceCut++;
            if (++answersSinceRateLimit >= RATE_CEILING_ANSWERS) {
                rateCeiling = ceiling;
            }
            samples++;
            // A plain mean until the window is full, then an exponential one.
            longRtt += (rttNanos - longRtt) / Math.min(samples, LONG_WINDOW);
            shortRtt = samples == 1 ? rttNanos : shortRtt + SHORT_WEIGHT * (rttNanos - shortRtt);
            if (shortRtt > LATENCY_TOLERANCE * longRtt + LATENCY_SLACK_NANOS) {
                if (samplesSinceCut >= limit) {
                    cut(BACKOFF);
                    shortRtt = longRtt; // judge the smaller limit by its own round trips
                }
                return;
            }
            if (backlog && limit < rateCeiling) {
                double next = Math.min(rateCeiling, limit + 1 / limit);
                if (!rateRamp || withinRamp(now, next)) {
                    set(next);
                }
            }
        }
    }

    /**
     * A sender is about to send: returns how long it waits first (nanoseconds, 0 to go now) so that
     * sends go one recent round trip (the short average) / limit apart, and counts the send at the time it will go. The
     * wait is the sender's to do; no wait before the first answer (no round trip known yet).
     */
    long reserveSend() {
        if (!rateRamp || floor == ceiling) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        synchronized (this) {
            long at = now;
            if (samples > 0) {
                at = nextSendAt - now > 0 ? nextSendAt : now;
                // The ramp's cap on every send too, not only on growth: when the round trip shrinks
                // (a busy client or network recovers), the same limit would send faster at once.
                double rateCap = RAMP_FACTOR * rateOneSecondBefore(at, shortRtt / NANOS_PER_SECOND);
                nextSendAt = at + (long) Math.max(shortRtt / limit, NANOS_PER_SECOND / rateCap);
            }
            countSend(at);
            return at - now;
        }
    }

    /**
     * Whether a limit of {@code next}, paced, sends at most {@link #RAMP_FACTOR} times the rate sent
     * one second before {@code now} (or than the floor's rate, if that is more).
     */
    private boolean withinRamp(long now, double next) {
        double rttSeconds = shortRtt / NANOS_PER_SECOND;
        if (rttSeconds <= 0) {
            return true;
        }
        return next / rttSeconds <= RAMP_FACTOR * rateOneSecondBefore(now, rttSeconds);
    }

    /**
     * The requests per second sent one second before {@code now} (the sends of the {@value
     * #RAMP_LOOKBACK_MILLIS} ms around that moment), or the floor's rate at {@code rttSeconds} if more.
     */
    private double rateOneSecondBefore(long now, double rttSeconds) {
        long lookback = TimeUnit.MILLISECONDS.toNanos(RAMP_LOOKBACK_MILLIS);
        long from = Math.floorDiv(now - TimeUnit.SECONDS.toNanos(1) - lookback / 2, RATE_SLOT_NANOS);
        long slots = lookback / RATE_SLOT_NANOS;
        int sends = 0;
        for (long slot = from; slot < from + slots; slot++) {
            int i = (int) Math.floorMod(slot, SEND_SLOTS);
            sends += sendSlotOf[i] == slot ? slotSends[i] : 0;
        }
        return Math.max(floor / Math.max(rttSeconds, 1e-9), sends / (slots * (RATE_SLOT_NANOS / NANOS_PER_SECOND)));
    }

    private void countSend(long at) {
        long slot = Math.floorDiv(at, RATE_SLOT_NANOS);
        int i = (int) Math.floorMod(slot, SEND_SLOTS);
        if (sendSlotOf[i] != slot) {
            sendSlotOf[i] = slot;
            slotSends[i] = 0;
        }
        slotSends[i]++;
    }

    /**
     * pagent asked to slow down (429); {@code first} when the client was not already paused by one, so
     * this is the first 429 of an overload rather than one more of the requests sent before it.
     */
    void rateLimited(boolean first) {
        if (!first || floor == ceiling) {
            return;
        }
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (!answeredSinceRateLimit) {
                return; // the first request after a pause: the pause was too short, not the limit too high
            }
            answeredSinceRateLimit = false;
            rateLimitedAt = now;
            int sustained = sustained(now);
            rateCeiling = Math.max(floor, Math.min((int) limit - 1, sustained));
            answersSinceRateLimit = 0;
            samplesSinceCut = 0;
            set(Math.min(limit * RATE_LIMITED_BACKOFF, rateCeiling));
        }
    }

    /**
     * The requests in flight the server sustains by Little's law: the rate it admitted, the answers of
     * the last second, times the shortest round trip among them. The shortest, not the usual: a
     * round trip stretched by a busy client would raise the limit, and once it shrinks back the
     * requests in flight would exceed the rate again.
     */
    private int sustained(long now) {
        long slot = Math.floorDiv(now, RATE_SLOT_NANOS);
        double intoSlot = (double) Math.floorMod(now, RATE_SLOT_NANOS) / RATE_SLOT_NANOS;
        double answers = 0;
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i <= RATE_SLOTS; i++) {
            long age = slot - slotOf[i];
            double share = age >= 0 && age < RATE_SLOTS ? 1 : age == RATE_SLOTS ? 1 - intoSlot : 0;
            if (share > 0 && slotAnswers[i] > 0) {
                // The second begins within the oldest slot: of its answers, the share it covers
                // (answers spread evenly within a slot).
                answers += slotAnswers[i] * share;
                shortest = Math.min(shortest, slotShortestRtt[i]);
            }
        }
        return answers == 0 ? 0 : (int) (answers * shortest / TimeUnit.SECONDS.toNanos(1));
    }

    private void countAnswer(long now, long rttNanos) {
        long slot = Math.floorDiv(now, RATE_SLOT_NANOS);
        int i = (int) Math.floorMod(slot, RATE_SLOTS + 1);
        if (slotOf[i] != slot) {
            slotOf[i] = slot;
            slotAnswers[i] = 0;
            slotShortestRtt[i] = rttNanos;
        }
        slotAnswers[i]++;
        slotShortestRtt[i] = Math.min(slotShortestRtt[i], rttNanos);
    }

    /** A 5xx, a timeout or a connection error: pagent or the way to it is struggling. */
    synchronized void failed() {
        cut(BACKOFF);
    }

    private void cut(double factor) {
        samplesSinceCut = 0;
        set(limit * factor);
    }

    private void set(double value) {
        limit = Math.max(floor, Math.min(ceiling, value));
        int now = (int) limit;
        current = now;
        peak = Math.max(peak, now);
    }

    @Override
    public synchronized String toString() {
        return "InFlightLimit{" + current + " in [" + floor + ", " + ceiling + "]}";
    }
}
