package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An interrupted sender (close()'s last resort, {@link SenderPool#shutdownNow()}) stops waiting in
 * the {@link SendGate} at once, keeps its interrupt for whatever it runs next, and leaves the gate
 * abandoned, so that no other sender waits on either.
 */
class SendGateInterruptTest {
    @Test
    void anInterruptedWaitAbandonsTheGateAndKeepsTheInterrupt() throws Exception {
        SendGate gate =
                new SendGate(ApiKey.of("key"), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(10));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            waiting.countDown();
            boolean open = gate.pause(TimeUnit.MINUTES.toMillis(10));
            ended.complete(
                    "open=" + open + ", interrupted=" + Thread.currentThread().isInterrupted());
        });
        sender.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        sender.interrupt();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo("open=false, interrupted=true");
        assertThat(gate.isAbandoned()).isTrue();
        assertThat(gate.awaitOpen()).isFalse();
    }

    @Test
    void anInterruptedWaitForASlotAbandonsTheGateAndKeepsTheInterrupt() throws Exception {
        SendGate gate = new SendGate(
                ApiKey.of("key"), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(10), () -> 1);
        assertThat(gate.beginSend()).isTrue(); // the only slot is taken
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            boolean began = gate.beginSend();
            ended.complete(
                    "began=" + began + ", interrupted=" + Thread.currentThread().isInterrupted());
        });
        sender.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingSlot() == 1);

        sender.interrupt();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo("began=false, interrupted=true");
        assertThat(gate.isAbandoned()).isTrue();
    }

    @Test
    void anInterruptedWaitForTheProbeAbandonsTheGateAndKeepsTheInterrupt() throws Exception {
        SendGate gate =
                new SendGate(ApiKey.of("key"), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(10));
        gate.rateLimit(java.util.Optional.empty());
        assertThat(gate.awaitOpen()).isTrue(); // this thread: the probe, answered never
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            boolean open = gate.awaitOpen();
            ended.complete(
                    "open=" + open + ", interrupted=" + Thread.currentThread().isInterrupted());
        });
        sender.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.awaitingProbe() == 1);

        sender.interrupt();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo("open=false, interrupted=true");
        assertThat(gate.isAbandoned()).isTrue();
    }
}
