package ai.pagent.test;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A sliding one-second window over the requests admitted: a request is admitted when fewer than
 * {@code perSecond} were admitted in the second before it. Refused requests do not count, so a
 * client that keeps its rate at the bound is never refused.
 */
final class RequestRate {

    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();

    RequestRate(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Returns whether one more request now stays within the bound, and counts it if so. */
    synchronized boolean tryAdmit() {
        long now = nanoClock.getAsLong();
        Long oldest;
        while ((oldest = admitted.peekFirst()) != null && now - oldest >= WINDOW) {
            admitted.pollFirst();
        }
        if (admitted.size() >= perSecond) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }
}
