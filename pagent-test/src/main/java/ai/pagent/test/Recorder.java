package ai.pagent.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Keeps what {@link FakeIngest} answered: every request and every accepted event in the order
 * answered (or only their counts in count-only mode), and wakes those waiting for them.
 */
final class Recorder {

    private static final int MAX_LISTED = 20;

    private final Object lock = new Object();
    // Guarded by lock.
    private final List<ReceivedEvent> events = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private long acceptedCount;
    private long requestCount;
    private boolean countOnly;

    /** Records one answered request and its accepted events, and wakes anyone waiting. */
    void record(RecordedRequest request, List<ReceivedEvent> accepted) {
        synchronized (lock) {
            requestCount++;
            acceptedCount += request.accepted();
            if (!countOnly) {
                requests.add(request);
                events.addAll(accepted);
            }
            lock.notifyAll();
        }
    }

    boolean keepsEvents() {
        synchronized (lock) {
            return !countOnly;
        }
    }

    void countOnly(boolean enabled) {
        synchronized (lock) {
            countOnly = enabled;
        }
    }

    List<ReceivedEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    long acceptedCount() {
        synchronized (lock) {
            return acceptedCount;
        }
    }

    long requestCount() {
        synchronized (lock) {
            return requestCount;
        }
    }

    List<ReceivedEvent> awaitEvents(int count, Duration timeout) {
        synchronized (lock) {
            if (countOnly) {
                throw new IllegalStateException("countOnly mode keeps no events; use acceptedCount()");
            }
            awaitLocked(() -> events.size() >= count, timeout, "at least " + count + " accepted events");
            return List.copyOf(events);
        }
    }

    List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        synchronized (lock) {
            if (countOnly) {
                throw new IllegalStateException("countOnly mode keeps no requests; use requestCount()");
            }
            awaitLocked(() -> requests.size() >= count, timeout, "at least " + count + " requests");
            return List.copyOf(requests);
        }
    }

    void reset() {
        synchronized (lock) {
            countOnly = false;
            events.clear();
            requests.clear();
            acceptedCount = 0;
            requestCount = 0;
            lock.notifyAll();
        }
    }

    private void awaitLocked(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("FakeIngest: expected " + what + " within " + timeout + ", but "
                        + events.size() + " events were accepted " + list(events, Recorder::brief)
                        + " from " + requests.size() + " requests " + list(requests, RecordedRequest::toString));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("FakeIngest: interrupted while waiting for " + what, e);
            }
        }
    }

    private static String brief(ReceivedEvent e) {
        return "conversion_id=" + e.conversionId() + " session_id=" + e.sessionId();
    }

    private static <T> String list(List<T> items, Function<T, String> show) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Math.min(items.size(), MAX_LISTED); i++) {
            out.append(i == 0 ? "" : ", ").append(show.apply(items.get(i)));
        }
        if (items.size() > MAX_LISTED) {
            out.append(", … ").append(items.size() - MAX_LISTED).append(" more");
        }
        return out.append(']').toString();
    }
}
