package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link ListenerInvoker}'s bounded room and its end: a request thread that finds no room hears its
 * drop itself, room comes back once a notification was heard, every drop keeps its reason, after
 * shutdown (and once the listener thread ended) the reporting thread runs each notification, shutdown
 * ends an idle listener thread at once and quietly, nudges a stuck one and warns about it, and a
 * throwing listener is logged at WARN once, then at DEBUG.
 */
class ListenerQueueRoomTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    /**
     * The longest wait for what the invoker does at once (a hand-over between threads): ample on a
     * busy machine, and short enough that a broken hand-over fails the test well within PIT's
     * timeout (5 s) instead of hanging until it.
     */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final PagentThreads threads = new PagentThreads();

    /** Records drops with their thread; blocks in onAccepted until {@link #release}. */
    private final DeliveryListener listener = new DeliveryListener() {
        @Override
        public void onAccepted(List<Conversion> events) {
            entered.countDown();
            try {
                release.await();
                heard.add("accepted " + events.size() + " on "
                        + Thread.currentThread().getName());
            } catch (InterruptedException e) {
                heard.add("interrupted");
            }
        }

        @Override
        public void onDropped(Conversion event, DropReason reason) {
            heard.add(event.sessionId() + ":" + reason + " on "
                    + Thread.currentThread().getName());
        }
    };

    private ListenerInvoker invoker;
    private final Logger logger = (Logger) LoggerFactory.getLogger(ListenerInvoker.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    /** An invoker whose idle thread would sleep an hour unless woken. */
    private ListenerInvoker invoker(int capacity) {
        invoker = new ListenerInvoker(
                listener,
                threads,
                capacity,
                HOUR,
                TimeUnit.MILLISECONDS.toNanos(1),
                new ListenerInvoker.SleepSteps() {});
        return invoker;
    }

    @AfterEach
    void shutDown() {
        logger.detachAppender(logs);
        release.countDown();
        if (invoker != null) {
            // short: after a test that failed at its bound, the cleanup must not outlast PIT's timeout
            invoker.shutdown(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private static String me() {
        return Thread.currentThread().getName();
    }

    @Test
    void aRequestThreadThatFindsNoRoomHearsItsDropItself() throws Exception {
        ListenerInvoker invoker = invoker(1);
        invoker.accepted(List.of(TestConversions.event(0))); // takes the only room, and the listener thread
        assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);

        // Heard before the call returned, on this thread: it never waits for the stuck listener.
        assertThat(heard).containsExactly("session-1:QUEUE_FULL on " + me());
    }

    @Test
    void theRoomOfAHeardNotificationComesBack() throws Exception {
        ListenerInvoker invoker = invoker(1);
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> heard.size() == 1);
        invoker.droppedOnCaller(TestConversions.event(2), DropReason.CLOSED);
        await().atMost(BOUND).until(() -> heard.size() == 2);
        release.countDown();
        CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
            invoker.accepted(List.of(TestConversions.event(3)));
            invoker.accepted(List.of(TestConversions.event(4)));
        });
        accepted.get(BOUND.toMillis(), TimeUnit.MILLISECONDS); // each waits for the room the one before gave back
        await().atMost(BOUND).until(() -> heard.size() == 4);

        // Every one went through the queue to the listener thread, none to the caller; each kept its reason.
        assertThat(heard).allSatisfy(h -> assertThat(h).contains(" on pagent-").endsWith("-listener"));
        assertThat(heard.get(0)).startsWith("session-1:QUEUE_FULL on ");
        assertThat(heard.get(1)).startsWith("session-2:CLOSED on ");
    }

    @Test
    void afterShutdownTheReportingThreadRunsEachNotification() {
        ListenerInvoker invoker = invoker(10);
        release.countDown();
        invoker.shutdown(System.nanoTime() + BOUND.toNanos());

        // Each is heard before its call returns, on this thread.
        invoker.accepted(List.of(TestConversions.event(0), TestConversions.event(1)));
        assertThat(heard).containsExactly("accepted 2 on " + me());
        invoker.dropped(List.of(TestConversions.event(2)), DropReason.SHUTDOWN);
        assertThat(heard).containsExactly("accepted 2 on " + me(), "session-2:SHUTDOWN on " + me());
        invoker.droppedOnCaller(TestConversions.event(3), DropReason.CLOSED);
        assertThat(heard)
                .containsExactly(
                        "accepted 2 on " + me(), "session-2:SHUTDOWN on " + me(), "session-3:CLOSED on " + me());
    }

    @Test
    void shutdownEndsAnIdleListenerThreadAtOnceWithoutAWarning() throws Exception {
        ListenerInvoker invoker = invoker(10);
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> heard.size() == 1);
        Thread listenerThread = listenerThread();

        invoker.shutdown(System.nanoTime() + BOUND.toNanos());

        listenerThread.join(BOUND.toMillis()); // not the hour it would otherwise sleep
        assertThat(listenerThread.isAlive()).isFalse();
        assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.WARN); // it heard everything in time
    }

    @Test
    void afterTheListenerThreadEndedTheReportingThreadRunsEachNotification() throws Exception {
        ListenerInvoker invoker = invoker(10);
        release.countDown();
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(BOUND).until(() -> heard.size() == 1);
        Thread listenerThread = listenerThread();
        invoker.shutdown(System.nanoTime() + BOUND.toNanos());
        listenerThread.join(BOUND.toMillis());
        assertThat(listenerThread.isAlive()).isFalse();

        // Heard before each call returns, on this thread: the ended thread holds nothing back.
        invoker.accepted(List.of(TestConversions.event(2)));
        assertThat(heard.subList(1, heard.size())).containsExactly("accepted 1 on " + me());
        invoker.accepted(List.of(TestConversions.event(3), TestConversions.event(4)));
        assertThat(heard.subList(1, heard.size())).containsExactly("accepted 1 on " + me(), "accepted 2 on " + me());
    }

    @Test
    void shutdownNudgesAListenerStuckPastTheDeadlineAndSaysSo() throws Exception {
        ListenerInvoker invoker = invoker(10);
        invoker.accepted(List.of(TestConversions.event(0)));
        assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        invoker.shutdown(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));

        await().atMost(BOUND).until(() -> heard.contains("interrupted"));
        assertThat(logs.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("did not hear"));
    }

    @Test
    void aThrowingListenerIsLoggedAtWarnOnceThenAtDebug() {
        invoker = new ListenerInvoker(
                new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        throw new IllegalStateException("listener bug " + event.sessionId());
                    }
                },
                threads,
                10,
                HOUR,
                TimeUnit.MILLISECONDS.toNanos(1),
                new ListenerInvoker.SleepSteps() {});
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        invoker.droppedOnCaller(TestConversions.event(2), DropReason.QUEUE_FULL);
        invoker.droppedOnCaller(TestConversions.event(3), DropReason.QUEUE_FULL);
        assertThat(invoker.awaitHeard(System.nanoTime() + BOUND.toNanos())).isTrue();

        assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.DEBUG, Level.DEBUG);
        assertThat(logs.list.get(0).getThrowableProxy().getMessage()).isEqualTo("listener bug session-1");
    }

    /** The listener thread, by the name it gave the first notification it ran. */
    private Thread listenerThread() {
        return thread(heard.get(0).substring(heard.get(0).indexOf(" on ") + 4));
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
