package ai.pagent.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender threads of a client ({@code pagent-N-sender-M}): a thread starts only when a batch finds
 * none idle, up to {@code maxThreads}, and ends after {@code keepAlive} without work or once shut
 * down with nothing left to run. So a client whose limit of requests in flight never grows keeps
 * {@code maxInFlight} threads at most, and one that drained a backlog gives back the extra threads.
 *
 * <p>{@code ThreadPoolExecutor} cannot do this: below its core size it starts a thread per task even
 * when others are idle, and above it only when its queue is full.
 */
final class SenderPool implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SenderPool.class);

    private final int maxThreads;
    private final long keepAliveNanos;
    private final ThreadFactory factory;
    // Guarded by this.
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int idle;
    private boolean shutdown;

    SenderPool(int maxThreads, long keepAlive, TimeUnit unit, ThreadFactory factory) {
        this.maxThreads = maxThreads;
        this.keepAliveNanos = unit.toNanos(keepAlive);
        this.factory = factory;
    }

    /**
     * Runs {@code task} on an idle thread, a new one while fewer than {@code maxThreads} run, else on
     * the next thread to finish its task.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public synchronized void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the pagent client is closing");
        }
        tasks.addLast(task);
        if (tasks.size() > idle && workers.size() < maxThreads) {
            Thread t = factory.newThread(this::work);
            workers.add(t);
            try {
                t.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                workers.remove(t);
                if (workers.isEmpty()) {
                    tasks.removeLast();
                    throw new RejectedExecutionException("could not start a pagent sender thread", e);
                }
            }
        } else {
            notify();
        }
    }

    private void work() {
        while (true) {
            Runnable task = next();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("a pagent sender task failed unexpectedly", e);
            }
        }
    }

    /** The next task, or {@code null} when this thread ends (idle too long, or shut down with nothing queued). */
    private synchronized Runnable next() {
        long deadline = System.nanoTime() + keepAliveNanos;
        Runnable task;
        while ((task = tasks.pollFirst()) == null) {
            long left = deadline - System.nanoTime();
            if (shutdown || left <= 0) {
                workers.remove(Thread.currentThread());
                return null;
            }
            idle++;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                // shutdownNow(): run what is queued (each task ends at once then), then end
            } finally {
                idle--;
            }
        }
        return task;
    }

    /** Threads waiting for a task now, for tests. */
    synchronized int idle() {
        return idle;
    }

    /** Threads running now. */
    synchronized int threads() {
        return workers.size();
    }

    /** Accepts no more tasks; the threads run what is queued, then end. */
    synchronized void shutdown() {
        shutdown = true;
        notifyAll();
    }

    /** Waits until every thread ended, at most until {@code deadlineNanos} ({@link System#nanoTime()}). */
    boolean awaitTermination(long deadlineNanos) throws InterruptedException {
        List<Thread> running;
        synchronized (this) {
            running = new ArrayList<>(workers);
        }
        for (Thread t : running) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Interrupts every thread: the last resort of close() when a sender does not end in time. Queued
     * tasks still run (they hold events that need an outcome); each ends at once on a closed client.
     */
    synchronized void shutdownNow() {
        shutdown = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        notifyAll();
    }
}
