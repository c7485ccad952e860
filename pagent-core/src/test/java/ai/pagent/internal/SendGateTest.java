package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link SendGate}: the pauses every sender shares, and how they end. */
class SendGateTest {
    private final AtomicReference<String> key = new AtomicReference<>("key-1");

    private SendGate gate(Duration initialBackoff, Duration maxBackoff, Duration reprobe) {
        return new SendGate(ApiKey.from(key::get), initialBackoff, maxBackoff, reprobe);
    }

    private static Duration timed(Runnable r) {
        long started = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Test
    void isOpenUntilSomethingPausesIt() {
        SendGate gate = gate(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(gate.pausedState()).isNull();
        assertThat(gate.awaitOpen()).isTrue();
        assertThat(gate.isAbandoned()).isFalse();
        assertThat(gate.isClosing()).isFalse();
        gate.closing();
        assertThat(gate.isClosing()).isTrue();
    }

    @Test
    void aZeroRetryAfterStillWaitsTheBackoffWhichDoublesPerRateLimitInARow() {
        SendGate gate = gate(Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofMinutes(1));
        // Each wait is measured from before the 429 was reported: the deadline is set then.
        assertThat(timed(() -> {
                    gate.rateLimit(Optional.of(Duration.ZERO));
                    assertThat(gate.pausedState()).isEqualTo(PagentStats.State.RATE_LIMITED);
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(gate.pausedState()).isNull();

        assertThat(timed(() -> {
                    gate.rateLimit(Optional.empty());
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));

        gate.succeeded(); // the streak ends: back to the first backoff
        assertThat(timed(() -> {
                    gate.rateLimit(Optional.empty());
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(150))
                .isLessThan(Duration.ofMillis(300 + 2_000));
    }

    @Test
    void aLongerRetryAfterWinsOverTheBackoff() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(1));
        assertThat(timed(() -> {
                    gate.rateLimit(Optional.of(Duration.ofMillis(400)));
                    gate.rateLimit(Optional.of(Duration.ofMillis(1))); // a shorter wait does not cut the longer
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aRefusedKeyHoldsEverySenderUntilTheKeySourceYieldsAnother() throws Exception {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(10));
        gate.refuseCurrentKey();
        assertThat(gate.pausedState()).isEqualTo(PagentStats.State.PAUSED_UNAUTHORIZED);
        CompletableFuture<Boolean> open = CompletableFuture.supplyAsync(gate::awaitOpen);
        assertThat(gate.pause(300)).isTrue(); // still paused after a while
        assertThat(open).isNotDone();

        key.set("key-2");

        assertThat(open.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.pausedState()).isNull();
    }

    @Test
    void aMissingEndpointIsNotCuredByANewKeyOnlyByAReprobe() throws Exception {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(1_200));
        long started = System.nanoTime();
        gate.refuseEndpoint();
        key.set("key-2");
        CompletableFuture<Boolean> open = CompletableFuture.supplyAsync(gate::awaitOpen);

        assertThat(open.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_100));
    }

    @Test
    void reprobesWaitTwiceAsLongAfterEachRefusalUntilASuccess() {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(200));
        assertThat(timed(() -> {
                    gate.refuseCurrentKey();
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(timed(() -> {
                    gate.refuseCurrentKey();
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        gate.succeeded();
        assertThat(timed(() -> {
                    gate.refuseCurrentKey();
                    gate.awaitOpen();
                }))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200))
                .isLessThan(Duration.ofMillis(400 + 2_000));
    }

    @Test
    void abandonEndsEveryWaitNowAndLater() throws Exception {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(10));
        gate.refuseCurrentKey();
        CompletableFuture<Boolean> open = CompletableFuture.supplyAsync(gate::awaitOpen);
        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> gate.pause(60_000));

        gate.abandon();

        assertThat(open.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(paused.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(gate.isAbandoned()).isTrue();
        assertThat(timed(() -> assertThat(gate.pause(60_000)).isFalse())).isLessThan(Duration.ofSeconds(5));
        assertThat(gate.awaitOpen()).isFalse();
    }

    @Test
    void aKeySourceThatThrowsHoldsLikeARefusedKeyUntilItYieldsOne() throws Exception {
        AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("sealed"));
        SendGate gate = new SendGate(
                ApiKey.from(() -> {
                    RuntimeException e = failure.get();
                    if (e != null) {
                        throw e;
                    }
                    return "key-1";
                }),
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                Duration.ofMinutes(10));
        gate.refuseCurrentKey();
        CompletableFuture<Boolean> open = CompletableFuture.supplyAsync(gate::awaitOpen);
        assertThat(gate.pause(300)).isTrue();
        assertThat(open).isNotDone();

        failure.set(null);

        assertThat(open.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withoutALimitAnyNumberOfRequestsMayBeUnderWay() throws Exception {
        SendGate gate = gate(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(10));

        CompletableFuture<Boolean> three =
                CompletableFuture.supplyAsync(() -> gate.beginSend() && gate.beginSend() && gate.beginSend());

        try {
            assertThat(three.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            gate.abandon();
        }
    }
}
