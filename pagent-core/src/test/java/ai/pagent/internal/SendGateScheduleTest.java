package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How long each of the {@link SendGate}'s waits lasts, to the nanosecond, on a {@link VirtualClock}:
 * the 429 backoff doubles per rate limit in a row up to its cap and starts over after a success, a
 * longer {@code Retry-After} wins, re-probes of a refusal double up to 30 minutes, and a changed key
 * is noticed at the next look at the key source.
 */
class SendGateScheduleTest {
    private final VirtualClock clock = new VirtualClock();
    private final AtomicReference<String> key = new AtomicReference<>("key-1");

    private SendGate gate(Duration initialBackoff, Duration maxBackoff, Duration reprobe) {
        return new SendGate(ApiKey.from(key::get), initialBackoff, maxBackoff, reprobe, () -> 1, clock);
    }

    /** The virtual time {@link SendGate#awaitOpen()} took; it must open the gate. */
    private Duration waited(SendGate gate) {
        long started = clock.nanoTime();
        assertThat(gate.awaitOpen()).isTrue();
        return Duration.ofNanos(clock.nanoTime() - started);
    }

    /** One 429 answered to the sender that then waits it out and sends the probe. */
    private Duration rateLimitedWait(SendGate gate, Optional<Duration> retryAfter) {
        gate.rateLimit(retryAfter);
        Duration wait = waited(gate);
        assertThat(gate.beginSend()).isTrue();
        gate.sent();
        return wait;
    }

    @Test
    void aRateLimitHoldsForExactlyTheBackoff() {
        SendGate gate = gate(Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofMinutes(1));
        gate.rateLimit(Optional.of(Duration.ZERO));

        clock.advance(Duration.ofMillis(150).minusNanos(1));
        assertThat(gate.pausedState()).isEqualTo(PagentStats.State.RATE_LIMITED);
        clock.advance(Duration.ofNanos(1));
        assertThat(gate.pausedState()).isNull();
        assertThat(waited(gate)).isZero();
    }

    @Test
    void theBackoffDoublesPerRateLimitInARowUpToItsCap() {
        SendGate gate = gate(Duration.ofMillis(150), Duration.ofMillis(1_000), Duration.ofMinutes(1));

        assertThat(rateLimitedWait(gate, Optional.of(Duration.ZERO))).isEqualTo(Duration.ofMillis(150));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(300));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(600));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(1_000));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(1_000));
    }

    @Test
    void aSuccessStartsTheBackoffOver() {
        SendGate gate = gate(Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofMinutes(1));
        rateLimitedWait(gate, Optional.empty());
        rateLimitedWait(gate, Optional.empty());

        gate.succeeded();

        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(150));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aLongRunOfRateLimitsNeverWaitsLessThanTheCapWhenTheDoublingOverflows() {
        // 2^34 ns doubled 30 times is 2^64: zero in a long. The 31st 429 in a row must still wait the cap.
        Duration initial = Duration.ofNanos(1L << 34);
        Duration cap = Duration.ofHours(1);
        SendGate gate = gate(initial, cap, Duration.ofMinutes(1));
        for (int i = 0; i < 30; i++) {
            assertThat(rateLimitedWait(gate, Optional.empty()))
                    .as("429 number %d", i + 1)
                    .isBetween(initial, cap);
        }

        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(cap);
    }

    @Test
    void aRateLimitThatComesJustAsThePauseEndsIsANewOneInTheStreak() {
        SendGate gate = gate(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(1));
        gate.rateLimit(Optional.empty());
        clock.advance(Duration.ofMillis(100)); // the pause is over, though nobody has looked yet

        // A second 429 now is not one more of the same overload: the backoff doubles, and doubles again.
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aLongerRetryAfterWinsAndAShorterOneDoesNotCutTheWait() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(1));
        gate.rateLimit(Optional.of(Duration.ofMillis(400)));
        gate.rateLimit(Optional.of(Duration.ofMillis(1)));

        assertThat(waited(gate)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void the429sOfRequestsUnderWayDoNotDoubleTheNextBackoff() {
        SendGate gate = gate(Duration.ofMillis(400), Duration.ofSeconds(10), Duration.ofMinutes(1));
        // Two 429s at once: one overload; the second, while waiting, starts the wait over from the
        // doubled backoff but counts no further.
        gate.rateLimit(Optional.empty());
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(800));

        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(800));
        assertThat(rateLimitedWait(gate, Optional.empty())).isEqualTo(Duration.ofMillis(1_600));
    }

    @Test
    void aPauseLastsExactlyItsMillisAndAZeroPauseNone() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(1));
        long started = clock.nanoTime();

        assertThat(gate.pause(250)).isTrue();
        assertThat(Duration.ofNanos(clock.nanoTime() - started)).isEqualTo(Duration.ofMillis(250));
        assertThat(gate.pause(0)).isTrue();
        assertThat(Duration.ofNanos(clock.nanoTime() - started)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void reprobesOfARefusedKeyDoubleUpToHalfAnHourAndStartOverAfterASuccess() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(3));
        long[] expectedMinutes = {3, 6, 12, 24, 30, 30};
        for (long minutes : expectedMinutes) {
            gate.refuseCurrentKey();
            assertThat(gate.pausedState()).isEqualTo(PagentStats.State.PAUSED_UNAUTHORIZED);
            assertThat(waited(gate)).isEqualTo(Duration.ofMinutes(minutes));
            assertThat(gate.pausedState()).isNull();
        }

        gate.succeeded();
        gate.refuseEndpoint();

        assertThat(waited(gate)).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aChangedKeyIsNoticedAtTheNextLookAtTheKeySource() {
        long refused = clock.nanoTime();
        // The key source yields a new key 1.2 s after the refusal.
        SendGate gate = new SendGate(
                ApiKey.from(() ->
                        clock.nanoTime() - refused >= Duration.ofMillis(1_200).toNanos() ? "key-2" : "key-1"),
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                Duration.ofMinutes(10),
                () -> 1,
                clock);
        gate.refuseCurrentKey();

        // It is asked every 500 ms: at 0, 500 and 1 000 it yields the refused key, at 1 500 the new one.
        assertThat(waited(gate)).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aMissingEndpointWaitsForItsReprobeWhateverTheKey() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(1_200));
        gate.refuseEndpoint();
        key.set("key-2");

        assertThat(waited(gate)).isEqualTo(Duration.ofMillis(1_200));
    }

    @Test
    void aRefusedKeyThatStaysTheSameWaitsForTheReprobe() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(1_200));
        gate.refuseCurrentKey();

        assertThat(waited(gate)).isEqualTo(Duration.ofMillis(1_200));
    }
}
