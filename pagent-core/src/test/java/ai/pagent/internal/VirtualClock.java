package ai.pagent.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SendClock} that moves only when told or when someone waits on it: a wait of {@code n}
 * nanoseconds returns at once, {@code n} nanoseconds later. With one sender on the test's thread,
 * every pause and backoff then lasts exactly what the code asked for, however busy the machine.
 *
 * <p>A sender that never stops waiting (a bug) would spin here forever at full speed: past {@value
 * #MAX_WAITS} waits the clock throws an {@link AssertionError} instead, so the test fails at once.
 */
final class VirtualClock implements SendClock {
    /** More waits than any test needs (a 30-minute re-probe looks at the key source 3 600 times). */
    static final int MAX_WAITS = 200_000;

    /** Starts an hour in, as {@link System#nanoTime()} is far from zero too. */
    private final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());

    private final AtomicLong waits = new AtomicLong();
    private volatile Runnable beforeEachWait = () -> {};

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void await(Object monitor, long nanos) {
        if (waits.incrementAndGet() > MAX_WAITS) {
            throw new AssertionError("waited " + MAX_WAITS + " times: the wait never ends");
        }
        beforeEachWait.run();
        now.addAndGet(Math.max(0, nanos));
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(0, now.get());
            }
        };
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** Runs {@code hook} at the start of every wait, on the waiting thread (holding the waiter's monitor). */
    void beforeEachWait(Runnable hook) {
        beforeEachWait = hook;
    }
}
