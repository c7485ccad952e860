package ai.pagent.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the client's threads: daemons named {@code pagent-<client>-<role>-<n>}, remembered so that
 * {@code close()} can wait for every one of them to end.
 */
final class PagentThreads {
    private static final AtomicInteger clients = new AtomicInteger();

    private final String prefix = "pagent-" + clients.incrementAndGet() + "-";
    private final List<Thread> created = new CopyOnWriteArrayList<>();

    ThreadFactory factory(String role) {
        AtomicInteger n = new AtomicInteger();
        return task -> thread(role + "-" + n.incrementAndGet(), task);
    }

    Thread thread(String name, Runnable task) {
        Thread t = new Thread(task, prefix + name);
        t.setDaemon(true);
        created.removeIf(old -> !old.isAlive() && old.getState() == Thread.State.TERMINATED);
        created.add(t);
        return t;
    }

    /** Whether {@code t} is one of this client's threads. */
    boolean owns(Thread t) {
        return created.contains(t);
    }

    /** Waits up to {@code nanos} in all for every thread created here to end; {@code false} if one lives on. */
    boolean awaitTermination(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (Thread t : created) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
