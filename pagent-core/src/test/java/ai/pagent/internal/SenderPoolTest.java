package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link SenderPool}: threads started only when needed, bounded, ended when idle or shut down (or
 * interrupted by shutdownNow), and not lost to a task that throws.
 */
class SenderPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final PagentThreads threads = new PagentThreads();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private SenderPool pool;

    @AfterEach
    void shutDown() throws InterruptedException {
        release.countDown();
        if (pool != null) {
            pool.shutdown();
            assertThat(pool.awaitTermination(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)))
                    .isTrue();
        }
    }

    private Runnable blocking(String name, CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add(name + " on " + Thread.currentThread().getName());
        };
    }

    @Test
    void reusesAnIdleThreadInsteadOfStartingAnother() {
        pool = new SenderPool(4, 1, TimeUnit.MINUTES, threads.factory("sender"));
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(done::countDown);
        await().atMost(WAIT).until(() -> done.getCount() == 0 && pool.idle() == 1);

        CountDownLatch again = new CountDownLatch(1);
        pool.execute(again::countDown);
        await().atMost(WAIT).until(() -> again.getCount() == 0);

        assertThat(pool.threads()).isEqualTo(1);
    }

    @Test
    void startsThreadsUpToItsBoundThenQueues() throws InterruptedException {
        pool = new SenderPool(2, 1, TimeUnit.MINUTES, threads.factory("sender"));
        CountDownLatch twoStarted = new CountDownLatch(2);
        pool.execute(blocking("a", twoStarted));
        pool.execute(blocking("b", twoStarted));
        assertThat(twoStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch third = new CountDownLatch(1);
        pool.execute(blocking("c", third));

        assertThat(pool.threads()).isEqualTo(2);
        assertThat(third.await(200, TimeUnit.MILLISECONDS))
                .as("waits for a thread")
                .isFalse();

        release.countDown();
        assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> ran.size() == 3);
        assertThat(pool.threads()).isEqualTo(2);
        assertThat(ran).allSatisfy(r -> assertThat(r).matches(".* on pagent-\\d+-sender-[12]"));
    }

    @Test
    void endsAThreadThatWaitedLongerThanTheKeepAlive() {
        pool = new SenderPool(4, 50, TimeUnit.MILLISECONDS, threads.factory("sender"));
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(done::countDown);

        await().atMost(WAIT).until(() -> pool.threads() == 0);
        assertThat(threads.awaitTermination(TimeUnit.SECONDS.toNanos(5))).isTrue();
    }

    @Test
    void runsWhatIsQueuedAfterShutdownButTakesNothingNew() throws InterruptedException {
        pool = new SenderPool(1, 1, TimeUnit.MINUTES, threads.factory("sender"));
        CountDownLatch first = new CountDownLatch(1);
        pool.execute(blocking("first", first));
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        pool.execute(() -> ran.add("queued"));

        pool.shutdown();
        assertThatThrownBy(() -> pool.execute(() -> ran.add("late"))).isInstanceOf(RejectedExecutionException.class);
        release.countDown();

        assertThat(pool.awaitTermination(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)))
                .isTrue();
        assertThat(ran).hasSize(2).last().isEqualTo("queued");
        assertThat(threads.awaitTermination(TimeUnit.SECONDS.toNanos(5))).isTrue();
    }

    @Test
    void aTaskThatThrowsIsLoggedAndItsThreadRunsTheNext() throws InterruptedException {
        Logger logger = (Logger) LoggerFactory.getLogger(SenderPool.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            pool = new SenderPool(1, 1, TimeUnit.MINUTES, threads.factory("sender"));
            pool.execute(() -> {
                throw new IllegalStateException("sender bug");
            });
            CountDownLatch next = new CountDownLatch(1);
            pool.execute(next::countDown);

            assertThat(next.await(3, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.threads()).isEqualTo(1);
            assertThat(logs.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("sender bug");
            });
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void shutdownNowInterruptsARunningTaskAndEndsEveryThread() throws InterruptedException {
        pool = new SenderPool(2, 1, TimeUnit.MINUTES, threads.factory("sender"));
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(blocking("stuck", started)); // ends only when interrupted: release never comes
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        pool.shutdownNow();

        // Short: a thread that is not interrupted fails the test before PIT's timeout (5 s) would.
        assertThat(pool.awaitTermination(System.nanoTime() + TimeUnit.SECONDS.toNanos(3)))
                .isTrue();
        assertThat(ran).singleElement().satisfies(r -> assertThat(r).startsWith("stuck on "));
        assertThat(threads.awaitTermination(TimeUnit.SECONDS.toNanos(5))).isTrue();
    }

    @Test
    void createsDaemonThreadsNamedForTheClient() throws InterruptedException {
        pool = new SenderPool(1, 1, TimeUnit.MINUTES, threads.factory("sender"));
        List<Thread> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
            seen.add(Thread.currentThread());
            done.countDown();
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).singleElement().satisfies(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).matches("pagent-\\d+-sender-1");
            assertThat(threads.owns(t)).isTrue();
        });
    }
}
