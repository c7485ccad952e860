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
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link ListenerInvoker}'s bounded room and its end: a request thread that finds no room hears its
 * drop itself, room comes back once a notification was heard, every drop keeps its reason, after
 * shutdown the reporting thread runs each notification, shutdown ends an idle listener thread at
 * once and nudges a stuck one, and a throwing listener is logged at WARN once, then at DEBUG.
 */
class ListenerQueueRoomTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

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
        release.countDown();
        if (invoker != null) {
            invoker.shutdown(System.nanoTime() + WAIT.toNanos());
        }
    }

    private static String me() {
        return Thread.currentThread().getName();
    }

    @Test
    void aRequestThreadThatFindsNoRoomHearsItsDropItself() throws Exception {
        ListenerInvoker invoker = invoker(1);
        invoker.accepted(List.of(TestConversions.event(0))); // takes the only room, and the listener thread
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);

        // Heard before the call returned, on this thread: it never waits for the stuck listener.
        assertThat(heard).containsExactly("session-1:QUEUE_FULL on " + me());
    }

    @Test
    void theRoomOfAHeardNotificationComesBack() throws Exception {
        ListenerInvoker invoker = invoker(1);
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(WAIT).until(() -> heard.size() == 1);
        invoker.droppedOnCaller(TestConversions.event(2), DropReason.CLOSED);
        await().atMost(WAIT).until(() -> heard.size() == 2);
        release.countDown();
        CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
            invoker.accepted(List.of(TestConversions.event(3)));
            invoker.accepted(List.of(TestConversions.event(4)));
        });
        accepted.get(20, TimeUnit.SECONDS); // each waits for the room the one before gave back
        await().atMost(WAIT).until(() -> heard.size() == 4);

        // Every one went through the queue to the listener thread, none to the caller; each kept its reason.
        assertThat(heard).allSatisfy(h -> assertThat(h).contains(" on pagent-").endsWith("-listener"));
        assertThat(heard.get(0)).startsWith("session-1:QUEUE_FULL on ");
        assertThat(heard.get(1)).startsWith("session-2:CLOSED on ");
    }

    @Test
    void afterShutdownTheReportingThreadRunsEachNotification() {
        ListenerInvoker invoker = invoker(10);
        release.countDown();
        invoker.shutdown(System.nanoTime() + WAIT.toNanos());

        invoker.accepted(List.of(TestConversions.event(0), TestConversions.event(1)));
        invoker.dropped(List.of(TestConversions.event(2)), DropReason.SHUTDOWN);
        invoker.droppedOnCaller(TestConversions.event(3), DropReason.CLOSED);

        assertThat(heard)
                .containsExactly(
                        "accepted 2 on " + me(), "session-2:SHUTDOWN on " + me(), "session-3:CLOSED on " + me());
    }

    @Test
    void shutdownEndsAnIdleListenerThreadAtOnce() throws Exception {
        ListenerInvoker invoker = invoker(10);
        invoker.droppedOnCaller(TestConversions.event(1), DropReason.QUEUE_FULL);
        await().atMost(WAIT).until(() -> heard.size() == 1);
        Thread listenerThread = thread(heard.get(0).substring(heard.get(0).indexOf(" on ") + 4));

        invoker.shutdown(System.nanoTime() + WAIT.toNanos());

        listenerThread.join(TimeUnit.SECONDS.toMillis(10)); // not the hour it would otherwise sleep
        assertThat(listenerThread.isAlive()).isFalse();
    }

    @Test
    void shutdownNudgesAListenerStuckPastTheDeadline() throws Exception {
        ListenerInvoker invoker = invoker(10);
        invoker.accepted(List.of(TestConversions.event(0)));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        invoker.shutdown(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));

        await().atMost(WAIT).until(() -> heard.contains("interrupted"));
    }

    @Test
    void aThrowingListenerIsLoggedAtWarnOnceThenAtDebug() {
        Logger logger = (Logger) LoggerFactory.getLogger(ListenerInvoker.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
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
            assertThat(invoker.awaitHeard(System.nanoTime() + WAIT.toNanos())).isTrue();

            assertThat(appender.list)
                    .extracting(ILoggingEvent::getLevel)
                    .containsExactly(Level.WARN, Level.DEBUG, Level.DEBUG);
            assertThat(appender.list.get(0).getThrowableProxy().getMessage()).isEqualTo("listener bug session-1");
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
