package ai.pagent.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the client's threads {@code pagent-<client>-<role>-<n>} and makes them daemons. */
final class PagentThreads {
    private static final AtomicInteger clients = new AtomicInteger();

    private final String prefix = "pagent-" + clients.incrementAndGet() + "-";

    ThreadFactory factory(String role) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    Thread thread(String role, Runnable task) {
        Thread t = new Thread(task, prefix + role);
        t.setDaemon(true);
        return t;
    }
}
