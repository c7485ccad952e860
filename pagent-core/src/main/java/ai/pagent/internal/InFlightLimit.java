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

    private final int floor;
    private final int ceiling;
    private final int batchSize;
    private final IntSupplier waiting;
    private final LongSupplier nanoClock;

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

    /**
     * @param floor the starting and lowest limit
     * @param ceiling the highest limit
     * @param batchSize events in a full batch: more than this waiting after a request is a backlog
     * @param waiting how many events wait to be sent
     */
    InFlightLimit(int floor, int ceiling, int batchSize, IntSupplier waiting) {
        this(floor, ceiling, batchSize, waiting, System::nanoTime);
    }

    /** As above, with the clock that times answers ({@link System#nanoTime()} but in tests). */
    InFlightLimit(int floor, int ceiling, int batchSize, IntSupplier waiting, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.floor = floor;
        this.ceiling = Math.max(floor, ceiling);
        this.batchSize = batchSize;
        this.waiting = waiting;
        this.limit = floor;
        this.current = floor;
        this.peak = floor;
        this.rateCeiling = this.ceiling;
        Arrays.fill(slotOf, Long.MIN_VALUE);
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
                set(Math.min(rateCeiling, limit + 1 / limit));
            }
        }
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
