package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Senders that wait in the {@link SendGate} for something another sender does go as soon as it is
 * done, not at their next periodic look: on a {@link FrozenClock}, where a wait that nobody ends
 * lasts forever. A request that ends frees its slot for a waiting sender, the probe's answer
 * releases the senders behind it, and a new key one sender finds releases the others.
 */
class SendGateWakeupsTest {
    /** Far beyond a wake-up that happens, short of PIT's timeout for one that never does. */
    private static final long WOKEN_WITHIN_SECONDS = 5;

    private final FrozenClock clock = new FrozenClock();
    private final AtomicReference<String> key = new AtomicReference<>("key-1");
    private final SendGate gate = new SendGate(
            ApiKey.from(key::get),
            Duration.ofMillis(20),
            Duration.ofSeconds(5),
            Duration.ofMinutes(10),
            () -> 1,
            clock);
    private final ExecutorService senders = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        gate.abandon();
        senders.shutdownNow();
    }

    @Test
    void aRequestThatEndsWakesTheSenderWaitingForItsSlot() throws Exception {
        assertThat(gate.beginSend()).isTrue();
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(gate::beginSend, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingSlot() == 1);

        gate.sent();

        assertThat(next.get(WOKEN_WITHIN_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theProbesAnswerWakesTheSendersWaitingForIt() throws Exception {
        gate.rateLimit(Optional.empty());
        clock.advance(Duration.ofMillis(20));
        assertThat(gate.awaitOpen()).isTrue(); // this thread: the probe
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(gate::awaitOpen, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingProbe() == 1);

        gate.sent();

        assertThat(other.get(WOKEN_WITHIN_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.awaitingProbe()).as("nobody waits any more").isZero();
    }

    @Test
    void aNewKeyOneSenderFindsWakesTheOthers() throws Exception {
        gate.refuseCurrentKey();
        CompletableFuture<Boolean> other = new CompletableFuture<>();
        Thread waiting = new Thread(() -> other.complete(gate.awaitOpen()));
        waiting.setDaemon(true);
        waiting.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getState() == Thread.State.WAITING);

        key.set("key-2");
        assertThat(gate.awaitOpen()).isTrue();

        assertThat(other.get(WOKEN_WITHIN_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void abandonWakesTheSenderWaitingForASlot() throws Exception {
        assertThat(gate.beginSend()).isTrue();
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(gate::beginSend, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingSlot() == 1);

        gate.abandon();

        assertThat(next.get(WOKEN_WITHIN_SECONDS, TimeUnit.SECONDS)).isFalse();
    }
}
