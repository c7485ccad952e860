package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waits around a stuck {@link ListenerInvoker}: a sender waiting for room hears its notification
 * itself once the invoker shuts down or the sender is interrupted (never waiting forever, never
 * losing it), and a wait for the listener to hear everything ends at its deadline, or at once and
 * still interrupted when its thread is interrupted.
 */
class ListenerWaitsTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    /** The longest wait for what happens at once: short enough to fail within PIT's timeout (5 s). */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final CountDownLatch stuck = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Stuck in its first onAccepted until {@link #release}, deaf to interrupts; records the rest. */
    private final DeliveryListener listener = new DeliveryListener() {
        @Override
        public void onAccepted(List<Conversion> events) {
            if (stuck.getCount() > 0) {
                stuck.countDown();
                awaitUninterruptibly(release);
            }
            heard.add("accepted " + events.get(0).sessionId() + " on "
                    + Thread.currentThread().getName());
        }
    };

    /** An invoker with room for one event, already taken by the notification the listener is stuck in. */
    private final ListenerInvoker invoker =
            new ListenerInvoker(listener, new PagentThreads(), 1, HOUR, 1_000_000, new ListenerInvoker.SleepSteps() {});

    private void fillTheRoom() throws InterruptedException {
        invoker.accepted(List.of(TestConversions.event(0)));
        assertThat(stuck.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @AfterEach
    void unstick() {
        release.countDown();
        invoker.shutdown(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void aSenderWaitingForRoomWhenTheInvokerShutsDownHearsItsNotificationItself() throws Exception {
        fillTheRoom();
        CompletableFuture<Void> sender = new CompletableFuture<>();
        new Thread(
                        () -> {
                            invoker.accepted(List.of(TestConversions.event(1)));
                            sender.complete(null);
                        },
                        "sender")
                .start();
        // It waits for room while the listener is stuck: a slow listener slows senders.
        assertThatThrownBy(() -> sender.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        invoker.shutdown(System.nanoTime()); // the listener is still stuck: it heard nothing in time

        sender.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(heard).containsExactly("accepted session-1 on sender");
    }

    @Test
    void anInterruptedSenderWaitingForRoomHearsItsNotificationItselfAndStaysInterrupted() throws Exception {
        fillTheRoom();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread sender = new Thread(
                () -> {
                    invoker.accepted(List.of(TestConversions.event(1)));
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                },
                "sender");
        sender.start();

        sender.interrupt(); // close() interrupting its senders: their events still need an outcome

        sender.join(BOUND.toMillis());
        assertThat(sender.isAlive()).isFalse();
        assertThat(heard).containsExactly("accepted session-1 on sender");
        assertThat(interruptedAfter).isTrue();
    }

    @Test
    void aWaitForTheListenerEndsAtItsDeadlineWhileTheListenerIsStuck() throws Exception {
        fillTheRoom();

        CompletableFuture<Boolean> heardAll = CompletableFuture.supplyAsync(
                () -> invoker.awaitHeard(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));

        assertThat(heardAll.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void anInterruptedWaitForTheListenerEndsAtOnceAndStaysInterrupted() throws Exception {
        fillTheRoom();

        Thread.currentThread().interrupt();
        boolean heardAll = invoker.awaitHeard(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        boolean interruptedAfter = Thread.interrupted(); // clears it for the rest of the test

        assertThat(heardAll).isFalse();
        assertThat(interruptedAfter).isTrue();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    latch.await();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
