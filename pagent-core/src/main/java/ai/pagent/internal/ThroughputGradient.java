package ai.pagent.internal;

import java.util.Arrays;

/**
 * Takes back growth of the {@link InFlightLimit} that bought no throughput. While a backlog keeps
 * the limit's requests in flight, the requests answered per second are {@code limit / round trip}
 * (Little's law). Where the round trip is the wire's (a remote ingest), doubling the requests in
 * flight doubles the throughput; where it is CPU (a loopback ingest sharing the machine's cores with
 * the client), the round trip grows in step with the requests in flight and the throughput stays
 * flat, while every extra request, connection and thread costs CPU the drain needs (measured on two
 * cores under load: 16 in flight cost ~45 % more CPU per event than 2).
 *
 * <p>The levels of a climb are judged in doubling bands (2-3, 4-7, 8-15, 16-31, …): once {@value
 * #SAMPLES} answers of requests sent within a band and within the band below are in, the band's
 * throughput ({@code Σ level / Σ round trip} over its answers) must exceed the band below's by
 * {@value #MIN_GAIN} of the ideal gain (the ratio of their mean levels), or the limit goes back to
 * the lowest level of the band below and climbs, and is judged, anew. Bands, not single levels, so
 * that a handful of answers judges a step large enough to stand out of the round trips' noise. Each
 * answer counts for the level in force when its request was sent (answered less its round trip).
 * Growth does not wait for a verdict, so a wire-bound ramp goes as fast as without it. Not
 * thread-safe: {@link InFlightLimit} calls it under its lock.
 */
final class ThroughputGradient {
    /** Answered requests of a band (and of the band below) before it is judged. */
    static final int SAMPLES = 5;
    /** The share of the ideal gain of a band over the one below that it must buy to stay. */
    static final double MIN_GAIN = 0.5;

    private final int floor;
    /** When each level began in the current climb ({@link Long#MIN_VALUE}: not reached since the last restart). */
    private final long[] since;
    /** Per band of the current climb: answers, the levels they were sent at, and their round trips. */
    private final int[] answers = new int[32];

    private final long[] levelSum = new long[32];
    private final long[] rttSum = new long[32];
    private int level;

    /**
     * @param floor the lowest limit
     * @param ceiling the highest limit
     * @param now the clock's time: requests sent before it count for no level
     */
    ThroughputGradient(int floor, int ceiling, long now) {
        this.floor = floor;
        this.since = new long[ceiling + 1];
        restart(floor, now);
    }

    /** Answers that judge band {@code b} (and again each time as many more are in): its lowest level, at least {@value #SAMPLES}. */
    static int samples(int b) {
        return Math.max(SAMPLES, 1 << b);
    }

    /** The doubling band of {@code level}: 1 for 2-3, 2 for 4-7, 3 for 8-15. */
    static int band(int level) {
        return 31 - Integer.numberOfLeadingZeros(level);
    }

    /**
     * A request answered after {@code rttNanos} at {@code now}, while the limit is {@code current} and
     * a backlog keeps it full; {@code proposed} is the limit the growth rule wants next, which the
     * caller sets as returned.
     *
     * @return {@code proposed}, or the lowest level of the band below the one judged not worth it
     */
    double next(long now, long rttNanos, int current, double proposed) {
        moveTo(current, now);
        int l = levelAt(now - rttNanos);
        if (l >= 0) {
            int b = band(l);
            answers[b]++;
            levelSum[b] += l;
            rttSum[b] += rttNanos;
            int below = b - 1;
            if (answers[b] % samples(b) == 0
                    && below >= band(floor)
                    && answers[below] >= samples(below)
                    && !worthIt(b, below)) {
                int back = Math.max(floor, 1 << Math.max(0, below - 1));
                restart(back, now);
                return back;
            }
        }
        moveTo((int) proposed, now);
        return proposed;
    }

    /** The limit is {@code current} from {@code now} on: a new level of the climb, or a cut that ends it. */
    private void moveTo(int current, long now) {
        if (current < level) {
            restart(current, now); // cut (a 429, an error, queueing, a verdict): climb and judge anew
        } else {
            for (int l = level + 1; l <= current; l++) {
                since[l] = now;
            }
            level = current;
        }
    }

    /** The level in force at {@code sentAt} in the current climb, or -1 if the request is older. */
    private int levelAt(long sentAt) {
        for (int l = level; l >= floor; l--) {
            if (since[l] != Long.MIN_VALUE && sentAt - since[l] >= 0) {
                return l;
            }
        }
        return -1;
    }

    /** Whether band {@code b}'s throughput exceeds band {@code below}'s by the share of the ideal gain. */
    private boolean worthIt(int b, int below) {
        double at = (double) levelSum[b] / rttSum[b];
        double under = (double) levelSum[below] / rttSum[below];
        double ideal = ((double) levelSum[b] / answers[b]) / ((double) levelSum[below] / answers[below]);
        return at >= under * (1 + MIN_GAIN * (ideal - 1));
    }

    private void restart(int from, long now) {
        Arrays.fill(since, Long.MIN_VALUE);
        Arrays.fill(answers, 0);
        Arrays.fill(levelSum, 0);
        Arrays.fill(rttSum, 0);
        level = from;
        since[from] = now;
    }
}
