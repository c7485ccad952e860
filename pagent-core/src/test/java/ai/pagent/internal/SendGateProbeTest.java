package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a rate-limit pause, one sender probes alone and the others wait for its answer: a server
 * still limiting answers one 429, not one per sender that waited out the pause. And requests under
 * way keep to the limit as it is when each is sent.
 */
class SendGateProbeTest {
    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final SendGate gate =
            new SendGate(ApiKey.of("k"), Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMinutes(1));

    @AfterEach
    void stop() {
        gate.abandon();
        senders.shutdownNow();
    }

    @Test
    void theFirstSenderAfterThePauseProbesAndTheOthersWaitForItsAnswer() throws Exception {
        gate.rateLimit(Optional.empty());
        assertThat(gate.awaitOpen()).isTrue(); // this thread: the probe
        assertThat(gate.probing()).isTrue();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(gate::awaitOpen, senders);
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(gate::awaitOpen, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingProbe() == 2);
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        assertThat(gate.awaitOpen()).as("the probe itself may send again").isTrue();

        gate.sent(); // the probe was answered

        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.probing()).isFalse();
    }

    @Test
    void aProbeThatMetA429StartsTheNextPauseBeforeTheOthersGo() throws Exception {
        gate.rateLimit(Optional.empty());
        assertThat(gate.awaitOpen()).isTrue();
        CompletableFuture<Long> other = CompletableFuture.supplyAsync(
                () -> {
                    gate.awaitOpen();
                    return System.nanoTime();
                },
                senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingProbe() == 1);

        long limited = System.nanoTime();
        gate.rateLimit(Optional.of(Duration.ofMillis(400))); // the probe's answer: 429 again
        gate.sent();

        long went = other.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(went - limited)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(gate.probing())
                .as("the waiting sender probes after the next pause")
                .isTrue();
    }

    @Test
    void onlyTheProbesAnswerReleasesTheOthers() throws Exception {
        gate.rateLimit(Optional.empty());
        assertThat(gate.awaitOpen()).isTrue();

        senders.submit(gate::sent).get(10, TimeUnit.SECONDS); // a sender that was not the probe

        assertThat(gate.probing()).isTrue();
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(gate::awaitOpen, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingProbe() == 1);
        assertThat(other).isNotDone();
        gate.sent();
        assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void abandonReleasesTheSendersWaitingForAProbe() throws Exception {
        gate.rateLimit(Optional.empty());
        assertThat(gate.awaitOpen()).isTrue();
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(gate::awaitOpen, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingProbe() == 1);

        gate.abandon();

        assertThat(other.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void requestsUnderWayKeepToTheLimitAsItIsWhenTheyAreSent() throws Exception {
        AtomicInteger limit = new AtomicInteger(2);
        SendGate limited = new SendGate(
                ApiKey.of("k"), Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMinutes(1), limit::get);
        assertThat(limited.beginSend()).isTrue();
        assertThat(limited.beginSend()).isTrue();

        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(limited::beginSend, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> limited.awaitingSlot() == 1);
        assertThat(third).isNotDone();

        limited.sent(); // one of the two was answered
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();

        limit.set(1); // cut (a 429) while two are under way: the next waits until both ended
        CompletableFuture<Boolean> fourth = CompletableFuture.supplyAsync(limited::beginSend, senders);
        await().atMost(Duration.ofSeconds(10)).until(() -> limited.awaitingSlot() == 1);
        limited.sent();
        assertThat(fourth).isNotDone();
        limited.sent();
        assertThat(fourth.get(10, TimeUnit.SECONDS)).isTrue();
        limited.abandon();
    }

    @Test
    void withoutARateLimitNobodyProbes() throws Exception {
        assertThat(gate.awaitOpen()).isTrue();
        assertThat(gate.probing()).isFalse();
        assertThat(CompletableFuture.supplyAsync(gate::awaitOpen, senders).get(10, TimeUnit.SECONDS))
                .isTrue();
    }
}
