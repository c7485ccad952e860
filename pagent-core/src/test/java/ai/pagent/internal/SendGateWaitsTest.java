package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * How long the {@link SendGate}'s waits last: a rate limit ends by itself when its time is up, the
 * 429s of requests already under way do not double the next backoff, a re-probe comes due on time,
 * and {@link SendGate#abandon()} ends a wait that is under way, not only the next one.
 */
class SendGateWaitsTest {
    private static SendGate gate(Duration initialBackoff, Duration maxBackoff) {
        return new SendGate(ApiKey.of("key"), initialBackoff, maxBackoff, Duration.ofMinutes(10));
    }

    private static Duration timed(Runnable r) {
        long started = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Test
    void aRateLimitEndsByItselfWhenItsTimeIsUp() {
        SendGate gate = gate(Duration.ofMillis(100), Duration.ofSeconds(1));
        gate.rateLimit(Optional.empty());
        assertThat(gate.pausedState()).isEqualTo(PagentStats.State.RATE_LIMITED);

        // No sender looks (none waits in awaitOpen): stats() must still stop saying RATE_LIMITED.
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.pausedState() == null);
    }

    @Test
    void the429sOfRequestsUnderWayDoNotDoubleTheNextBackoff() {
        SendGate gate = gate(Duration.ofMillis(400), Duration.ofSeconds(10));
        // Two 429s at once (two requests were in flight): one overload, waited out for 400 << 1 ms.
        Duration first = timed(() -> {
            gate.rateLimit(Optional.empty());
            gate.rateLimit(Optional.empty());
            gate.awaitOpen();
        });
        // The next 429 doubles once from there, as after a single one: 800 ms, not 1 600.
        Duration next = timed(() -> {
            gate.rateLimit(Optional.empty());
            gate.awaitOpen();
        });

        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(800)).isLessThan(Duration.ofMillis(1_500));
        assertThat(next).isGreaterThanOrEqualTo(Duration.ofMillis(800)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void aReprobeComesDueOnTimeNotAtTheNextLookAtTheKeySource() {
        SendGate gate =
                new SendGate(ApiKey.of("key"), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50));
        // The key source is asked every 500 ms; a re-probe due after 50 ms must not wait for that. The
        // wait is measured from before the refusal: the re-probe is due 50 ms after it.
        assertThat(timed(() -> {
                    gate.refuseEndpoint();
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(50))
                .isLessThan(Duration.ofMillis(400));
    }

    @Test
    void abandonEndsAPauseUnderWay() throws Exception {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20));
        assertAbandonEnds(gate, () -> gate.pause(TimeUnit.MINUTES.toMillis(10)));
    }

    @Test
    void abandonEndsARateLimitWaitUnderWay() throws Exception {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20));
        gate.rateLimit(Optional.of(Duration.ofMinutes(10)));
        assertAbandonEnds(gate, gate::awaitOpen);
    }

    /** Starts {@code wait} on a thread, abandons the gate once that thread waits, and expects {@code false} soon. */
    private static void assertAbandonEnds(SendGate gate, BooleanSupplier wait) throws Exception {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread sender = new Thread(() -> result.complete(wait.getAsBoolean()));
        sender.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.getState() == Thread.State.TIMED_WAITING);

        gate.abandon();

        assertThat(result.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
