package ai.pagent.internal;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The time the senders read and wait on ({@link SendGate}, {@link BatchSender} and its circuit
 * breaker): {@link #SYSTEM}, or in tests a virtual clock that moves only when a sender waits, so that
 * backoffs, pauses and probe schedules can be checked exactly, without sleeping or timing luck.
 */
interface SendClock {
    /** {@link System#nanoTime()}, monitor waits, and the breaker's default wall clock. */
    SendClock SYSTEM = new SendClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void await(Object monitor, long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    };

    /** Now, on the scale of {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits up to {@code nanos} on {@code monitor}, whose lock the caller holds; a {@code notifyAll}
     * on it may end the wait early (callers recheck their condition).
     */
    void await(Object monitor, long nanos) throws InterruptedException;

    /** The same time as a {@link Clock}, for the circuit breaker's open-state wait. */
    Clock clock();
}
