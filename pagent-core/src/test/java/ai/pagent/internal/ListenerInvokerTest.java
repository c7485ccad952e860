package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ListenerInvoker}'s hand-over of drops from request threads: the sleep protocol never
 * leaves a notification waiting for the idle timeout, and a stream of drops does not wake the
 * listener thread once per drop. The idle timeout here is an hour, so a missed wake-up fails the
 * test instead of being hidden by the timeout.
 */
class ListenerInvokerTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    /**
     * The longest wait for what the invoker does at once (a hand-over to its thread, which takes
     * microseconds): ample on a busy machine, and short enough that a broken wake-up fails the test
     * well within PIT's timeout (5 s) instead of hanging until it.
     */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final DeliveryListener recording = new DeliveryListener() {
        @Override
        public void onDropped(Conversion event, DropReason reason) {
            heard.add(event.sessionId() + ":" + reason);
        }
    };
    private final List<ListenerInvoker> invokers = new ArrayList<>();
    private final List<Pause> pauses = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (Pause p : pauses) {
            p.resume = true; // a test that failed before resuming must not leave the thread spinning
        }
        for (ListenerInvoker i : invokers) {
            i.shutdown(System.nanoTime());
        }
    }

    private ListenerInvoker invoker(DeliveryListener listener, ListenerInvoker.SleepSteps steps) {
        return invoker(listener, TimeUnit.MILLISECONDS.toNanos(1), steps);
    }

    /** An invoker whose busy thread looks again {@code batchNanos} after it found work. */
    private ListenerInvoker invoker(DeliveryListener listener, long batchNanos, ListenerInvoker.SleepSteps steps) {
        ListenerInvoker i = new ListenerInvoker(listener, new PagentThreads(), 10_000, HOUR, batchNanos, steps);
        invokers.add(i);
        return i;
    }

    /**
     * A step that, the {@code nth} time it is reached, lets the test act, then goes on. It waits by
     * yielding, not parking: a park would consume the wake-up permit that the step under test may
     * be given meanwhile.
     */
    private final class Pause {
        final int nth;
        final AtomicInteger reached = new AtomicInteger();
        final CountDownLatch arrived = new CountDownLatch(1);
        volatile boolean resume;

        Pause(int nth) {
            this.nth = nth;
            pauses.add(this);
        }

        void reach() {
            if (reached.incrementAndGet() == nth) {
                arrived.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!resume) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the test never resumed the step");
                    }
                    Thread.yield();
                }
            }
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out waiting for a latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aDropOfferedJustBeforeTheListenerThreadAnnouncesSleepIsSeenByItsLastLook() {
        // The drop lands while the thread still counts as awake (so the caller does not wake it):
        // only the thread's look at the queue after announcing sleep finds it.
        Pause pause = new Pause(1);
        ListenerInvoker invoker = invoker(recording, new ListenerInvoker.SleepSteps() {
            @Override
            public void beforeAnnounce() {
                pause.reach();
            }
        });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL); // starts the thread
        waitFor(pause.arrived);
        assertThat(heard).containsExactly("session-1:QUEUE_FULL");

        invoker.droppedOnCaller(TestConversions.event(2), DropReason.QUEUE_FULL);
        pause.resume = true;

        await().atMost(BOUND)
                .untilAsserted(() -> assertThat(heard).containsExactly("session-1:QUEUE_FULL", "session-2:QUEUE_FULL"));
    }

    @Test
    void aDropOfferedAfterTheListenerThreadsLastLookWakesIt() {
        // The thread announced sleep and found the queue empty: only the caller's wake-up can get
        // the drop heard before the (hour-long) idle timeout.
        Pause pause = new Pause(1);
        AtomicInteger wakes = new AtomicInteger();
        ListenerInvoker invoker = invoker(recording, new ListenerInvoker.SleepSteps() {
            @Override
            public void beforePark() {
                pause.reach();
            }

            @Override
            public void woken() {
                wakes.incrementAndGet();
            }
        });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        waitFor(pause.arrived);

        invoker.droppedOnCaller(TestConversions.event(2), DropReason.CLOSED);
        pause.resume = true;

        await().atMost(BOUND)
                .untilAsserted(() -> assertThat(heard).containsExactly("session-1:QUEUE_FULL", "session-2:CLOSED"));
        assertThat(wakes).hasValue(1);
    }

    @Test
    void dropsWhileTheListenerThreadIsBusyWakeItNoMoreThanOnce() {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger wakes = new AtomicInteger();
        ListenerInvoker invoker = invoker(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        heard.add(event.sessionId() + ":" + reason);
                        if (heard.size() == 1) {
                            inFirst.countDown();
                            waitFor(release);
                        }
                    }
                },
                new ListenerInvoker.SleepSteps() {
                    @Override
                    public void woken() {
                        wakes.incrementAndGet();
                    }
                });
        invoker.droppedOnCaller(TestConversions.event(0), DropReason.QUEUE_FULL);
        waitFor(inFirst);
        for (int i = 1; i <= 1000; i++) {
            invoker.droppedOnCaller(TestConversions.event(i), DropReason.QUEUE_FULL);
        }
        release.countDown();

        await().atMost(BOUND).until(() -> heard.size() == 1001);
        assertThat(wakes).as("wake-ups for 1001 drops").hasValueLessThanOrEqualTo(1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            expected.add("session-" + i + ":QUEUE_FULL");
        }
        assertThat(heard).as("in the order dropped").containsExactlyElementsOf(expected);
    }

    @Test
    void dropsFromTwoThreadsAreAllHeardAcrossManySleeps() throws Exception {
        // Callers alternate with the listener thread going to sleep: every drop is heard, without
        // waiting for the (hour-long) idle timeout.
        AtomicInteger sleeps = new AtomicInteger();
        ListenerInvoker invoker = invoker(recording, new ListenerInvoker.SleepSteps() {
            @Override
            public void beforePark() {
                sleeps.incrementAndGet();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] callers = new Thread[2];
        for (int c = 0; c < 2; c++) {
            int base = c * 100_000;
            callers[c] = new Thread(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        invoker.droppedOnCaller(TestConversions.event(base + i), DropReason.QUEUE_FULL);
                        if (i % 100 == 0) {
                            // let the listener thread catch up (and then go to sleep) now and then
                            String last = "session-" + (base + i) + ":QUEUE_FULL";
                            await().atMost(BOUND).until(() -> heard.contains(last));
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        await().atMost(BOUND).until(() -> heard.size() == 4000);
        assertThat(sleeps.get()).as("the listener thread slept in between").isPositive();
    }

    @Test
    void aDropAfterShutdownIsHeardOnTheCallersThread() {
        ListenerInvoker invoker = invoker(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        heard.add(Thread.currentThread().getName() + ":" + event.sessionId());
                    }
                },
                new ListenerInvoker.SleepSteps() {});
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> heard.size() == 1);
        assertThat(invoker.awaitHeard(System.nanoTime() + BOUND.toNanos())).isTrue();
        invoker.shutdown(System.nanoTime() + BOUND.toNanos());

        invoker.droppedOnCaller(TestConversions.event(2), DropReason.CLOSED);

        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).contains("-listener").endsWith(":session-1");
        assertThat(heard.get(1)).isEqualTo(Thread.currentThread().getName() + ":session-2");
    }

    @Test
    void aListenerThreadThatFoundWorkLooksAgainLaterWithoutAnnouncingSleep() throws Exception {
        // A stream of drops costs no wake-up per drop: a thread that just ran some does not ask to be
        // woken for the next, it looks again batchNanos later (here an hour, so it stays put).
        CountDownLatch announced = new CountDownLatch(1);
        AtomicReference<Thread> listenerThread = new AtomicReference<>();
        ListenerInvoker invoker = invoker(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        listenerThread.set(Thread.currentThread());
                    }
                },
                HOUR,
                new ListenerInvoker.SleepSteps() {
                    @Override
                    public void beforeAnnounce() {
                        announced.countDown();
                    }
                });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> listenerThread.get() != null);

        assertThat(announced.await(300, TimeUnit.MILLISECONDS)).isFalse();

        // It would look again only in an hour: end it now (stopped, it ends at its next empty look).
        invoker.shutdown(System.nanoTime());
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (listenerThread.get().isAlive() && System.nanoTime() - deadline < 0) {
            listenerThread.get().interrupt();
            listenerThread.get().join(50);
        }
        assertThat(listenerThread.get().isAlive()).isFalse();
    }

    @Test
    void anIdleListenerThreadSleepsUntilWoken() throws Exception {
        AtomicInteger sleeps = new AtomicInteger();
        CountDownLatch sleptAgain = new CountDownLatch(2);
        ListenerInvoker invoker = invoker(recording, new ListenerInvoker.SleepSteps() {
            @Override
            public void beforePark() {
                sleeps.incrementAndGet();
                sleptAgain.countDown();
            }
        });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> heard.size() == 1 && sleeps.get() >= 1);

        // Nothing wakes it: it does not come round to sleep again (the idle timeout is an hour).
        assertThat(sleptAgain.await(300, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void aListenerThreadThatFoundWorkAtItsLastLookCountsAsAwake() {
        // It announced sleep, then found a drop at its last look: while it runs that one it is awake,
        // so a drop offered meanwhile needs no wake-up.
        Pause pause = new Pause(1);
        CountDownLatch inSecond = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        AtomicInteger wakes = new AtomicInteger();
        ListenerInvoker invoker = invoker(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        heard.add(event.sessionId() + ":" + reason);
                        if (event.sessionId().equals("session-2")) {
                            inSecond.countDown();
                            waitFor(releaseSecond);
                        }
                    }
                },
                new ListenerInvoker.SleepSteps() {
                    @Override
                    public void beforeAnnounce() {
                        pause.reach();
                    }

                    @Override
                    public void woken() {
                        wakes.incrementAndGet();
                    }
                });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        waitFor(pause.arrived);
        invoker.droppedOnCaller(TestConversions.event(2), DropReason.QUEUE_FULL); // before it announces
        pause.resume = true;
        waitFor(inSecond); // found at the last look, and running

        invoker.droppedOnCaller(TestConversions.event(3), DropReason.QUEUE_FULL);
        releaseSecond.countDown();

        await().atMost(BOUND).until(() -> heard.size() == 3);
        assertThat(wakes).as("wake-ups").hasValue(0);
    }

    @Test
    void shutdownEndsAListenerThreadThatIsAboutToSleep() throws Exception {
        // The thread heard everything, found shutdown() had not yet stopped it, and is about to park
        // when the stop comes: shutdown() must wake it, or it sleeps out its idle timeout (an hour).
        Pause pause = new Pause(2);
        ListenerInvoker invoker = invoker(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        heard.add(Thread.currentThread().getName());
                    }
                },
                0,
                new ListenerInvoker.SleepSteps() {
                    @Override
                    public void beforePark() {
                        pause.reach();
                    }
                });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> heard.size() == 1);
        Thread listenerThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(heard.get(0)))
                .findFirst()
                .orElseThrow();

        invoker.shutdown(System.nanoTime() + BOUND.toNanos()); // its last look runs while this returns
        pause.resume = true; // if it paused before parking, it parks only now, after the stop

        listenerThread.join(BOUND.toMillis());
        assertThat(listenerThread.isAlive()).isFalse();
    }

    @Test
    void aWaitWithNothingQueuedIsOverAtOnce() {
        ListenerInvoker invoker = invoker(recording, new ListenerInvoker.SleepSteps() {});

        assertThat(invoker.awaitHeard(System.nanoTime()))
                .as("no listener thread yet")
                .isTrue();
        invoker.shutdown(System.nanoTime());
        assertThat(invoker.awaitHeard(System.nanoTime())).as("shut down").isTrue();
    }

    @Test
    void aNotificationOfferedWhileTheEndingListenerThreadStillHoldsTheQueueIsHeardWhenItLetsGo() {
        // After shutdown() a sender's notification runs on the sender's thread, unless the listener
        // thread still holds the queue: then the sender leaves it there, and only the listener
        // thread's last look, as it lets go of the queue, can run it.
        Pause pause = new Pause(1);
        ListenerInvoker invoker = invoker(recording, new ListenerInvoker.SleepSteps() {
            @Override
            public void beforeExit() {
                pause.reach();
            }
        });
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL); // starts the thread
        await().atMost(BOUND).until(() -> heard.size() == 1);

        invoker.shutdown(System.nanoTime() + BOUND.toNanos());
        waitFor(pause.arrived); // the thread has ended its loop and still holds the queue

        invoker.dropped(List.of(TestConversions.event(2)), DropReason.SHUTDOWN);
        assertThat(heard).as("left in the queue: the ending thread holds it").containsExactly("session-1:QUEUE_FULL");

        pause.resume = true;
        await().atMost(BOUND)
                .untilAsserted(() -> assertThat(heard).containsExactly("session-1:QUEUE_FULL", "session-2:SHUTDOWN"));
    }
}
