package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With many requests in flight, one overload answers several of them 429 at once: {@link SendGate}
 * counts them as one 429, not as a run that doubles the pause each time.
 */
class RateLimitBurstTest {

    @Test
    void the429sOfRequestsAlreadyUnderWayDoNotLengthenThePause() {
        SendGate gate =
                new SendGate(ApiKey.of("k"), Duration.ofMillis(150), Duration.ofSeconds(20), Duration.ofMinutes(1));
        long started = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            gate.rateLimit(Optional.empty()); // 12 requests in flight met the same overload
        }
        assertThat(gate.awaitOpen()).isTrue();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        // One 429's backoff (150 ms), not 150 ms doubled eleven times (capped at 20 s).
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(150)).isLessThan(Duration.ofSeconds(5));

        // The next 429 after the pause is one in a row: the backoff doubles once.
        long again = System.nanoTime();
        gate.rateLimit(Optional.empty());
        assertThat(gate.awaitOpen()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - again))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300))
                .isLessThan(Duration.ofSeconds(5));
    }
}
