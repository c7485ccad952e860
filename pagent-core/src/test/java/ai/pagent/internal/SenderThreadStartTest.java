package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A {@link SenderPool} whose thread cannot start never strands a task: with no thread at all it
 * refuses the task (the caller gives the batch its outcome), with one it queues it for that thread.
 */
class SenderThreadStartTest {
    /** A thread that has run and ended: {@code start()} throws. */
    private static Thread spent() {
        Thread t = new Thread(() -> {});
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return t;
    }

    @Test
    void refusesATaskWhenNoThreadCanStart() {
        SenderPool pool = new SenderPool(2, 1, TimeUnit.MINUTES, task -> spent());

        assertThatThrownBy(() -> pool.execute(() -> {}))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("could not start a pagent sender thread");
        assertThat(pool.threads()).isZero();
    }

    @Test
    void queuesATaskForTheRunningThreadWhenAnotherCannotStart() throws Exception {
        PagentThreads threads = new PagentThreads();
        ThreadFactory real = threads.factory("sender");
        AtomicInteger made = new AtomicInteger();
        SenderPool pool = new SenderPool(
                2, 1, TimeUnit.MINUTES, task -> made.incrementAndGet() == 1 ? real.newThread(task) : spent());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.complete(Thread.currentThread().getName());
        });

        pool.execute(() -> second.complete(Thread.currentThread().getName())); // its thread fails to start
        release.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.get(10, TimeUnit.SECONDS));
        assertThat(made).hasValue(2);
        pool.shutdown();
        assertThat(pool.awaitTermination(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)))
                .isTrue();
    }
}
