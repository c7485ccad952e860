package ai.pagent.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SendClock} that moves only when told, and whose waits end only when someone wakes the
 * waiter ({@code notifyAll}): a sender that is not woken waits forever instead of re-checking after
 * a while, so a test can tell a prompt wake-up from a late one without measuring time.
 */
final class FrozenClock implements SendClock {
    private final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void await(Object monitor, long nanos) throws InterruptedException {
        monitor.wait();
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.ofEpochSecond(0, now.get()), ZoneOffset.UTC);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
