package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.PagentStats;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What {@link BatchDispatcher} tells the operator when it cannot keep its promise, against a real
 * ingest on loopback: a full queue, a close that could not deliver everything in time, a thread that
 * did not end; and a second {@code close()} that is interrupted while the first one runs.
 */
class DispatcherWarningsTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    /** The longest wait for what happens at once: short enough to fail within PIT's timeout (5 s). */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final FakeIngest ingest = ingestExtension.get();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BatchDispatcher.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        release.countDown();
        logger.detachAppender(logs);
    }

    private List<String> warnings() {
        return logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static DispatcherSettings settings(int queueCapacity, Duration shutdownTimeout) {
        return new DispatcherSettings(
                queueCapacity,
                1 << 20,
                100,
                1_000_000,
                Duration.ofHours(1), // a batch goes only when a flush or close wants it
                2,
                3,
                Duration.ofMillis(5),
                Duration.ofMillis(50),
                shutdownTimeout,
                Duration.ofMinutes(1),
                1000);
    }

    private BatchDispatcher dispatcher(DispatcherSettings settings, DeliveryListener listener) {
        return new BatchDispatcher(
                settings, BatchFormerWakeUpTest.transport(ingest), ApiKey.of(ingest.apiKey()), listener);
    }

    /** Stuck in onAccepted until the test ends, deaf to the interrupt close() gives it. */
    private DeliveryListener stuckListener(CountDownLatch entered) {
        return new DeliveryListener() {
            @Override
            public void onAccepted(List<Conversion> events) {
                entered.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void aFullQueueWarnsOnceNamingItsCapacity() {
        BatchDispatcher dispatcher = dispatcher(settings(2, Duration.ofSeconds(5)), new DeliveryListener() {});
        try {
            for (int i = 0; i < 5; i++) {
                dispatcher.track(TestConversions.event(i));
            }

            assertThat(warnings()).singleElement().satisfies(w -> assertThat(w).contains("queue is full", "2 events"));
        } finally {
            dispatcher.close();
        }
    }

    @Test
    void aCloseThatCannotDeliverEverythingInTimeSaysSo() {
        ingest.rateLimitNext(1, Duration.ofMinutes(10));
        BatchDispatcher dispatcher = dispatcher(settings(100, Duration.ofMillis(200)), new DeliveryListener() {});
        dispatcher.track(TestConversions.event(0));
        assertThat(dispatcher.flush(Duration.ofMillis(1))).isFalse(); // sends it now: the ingest pauses us
        await().atMost(BOUND).until(() -> dispatcher.stats().state() == PagentStats.State.RATE_LIMITED);

        dispatcher.close();

        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("could not deliver every queued event"));
        assertThat(warnings()).noneSatisfy(w -> assertThat(w).contains("did not end"));
    }

    @Test
    void aCloseWhoseListenerDoesNotEndSaysSo() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        BatchDispatcher dispatcher = dispatcher(settings(100, Duration.ofMillis(200)), stuckListener(entered));
        dispatcher.track(TestConversions.event(0));
        assertThat(dispatcher.flush(Duration.ofMillis(1))).isFalse();
        assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        dispatcher.close();

        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("did not end within the shutdown timeout"));
    }

    @Test
    void anInterruptedSecondCloseReturnsAndStaysInterrupted() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        BatchDispatcher dispatcher = dispatcher(settings(100, Duration.ofSeconds(30)), stuckListener(entered));
        dispatcher.track(TestConversions.event(0));
        assertThat(dispatcher.flush(Duration.ofMillis(1))).isFalse();
        assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Thread first = new Thread(dispatcher::close, "first-close");
        first.start(); // waits up to 30 s for the stuck listener
        await().atMost(BOUND).until(dispatcher::isClosed);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread second = new Thread(
                () -> {
                    dispatcher.close();
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                },
                "second-close");
        second.start();
        await().atMost(BOUND).until(() -> second.getState() == Thread.State.WAITING);

        second.interrupt();

        second.join(BOUND.toMillis());
        assertThat(second.isAlive()).isFalse();
        assertThat(interruptedAfter).isTrue();
        release.countDown();
        first.join(TimeUnit.SECONDS.toMillis(10));
    }
}
