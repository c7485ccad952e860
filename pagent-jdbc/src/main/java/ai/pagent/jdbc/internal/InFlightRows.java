package ai.pagent.jdbc.internal;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.InvalidRequestException;
import ai.pagent.PagentException;
import ai.pagent.jdbc.internal.RowOutcomes.Parked;
import ai.pagent.jdbc.internal.RowOutcomes.Released;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The rows a relay handed to its client, and what became of them. Each claimed row's event is
 * tracked as a fresh {@link Conversion} object, so the client's {@link DeliveryListener} callbacks
 * map back to rows by identity: accepted rows are to be deleted, rows that pagent rejected (400,
 * isolated by the client's bisection) are to be parked with the server's error, and rows the
 * client gave up for a passing reason are to be released for a later attempt. The relay's loop
 * drains those outcomes into the database.
 */
public final class InFlightRows implements DeliveryListener {
    private final Map<Conversion, Long> rows = new IdentityHashMap<>();
    private final ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Parked> parked = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Released> released = new ConcurrentLinkedQueue<>();
    private final AtomicInteger decided = new AtomicInteger(); // outcomes not yet written
    private final RelaySettings settings;
    private final Runnable wake;

    public InFlightRows(RelaySettings settings, Runnable wake) {
        this.settings = settings;
        this.wake = wake;
    }

    /** Remembers that {@code event} is row {@code id}; call before tracking the event. */
    public synchronized void add(Conversion event, long id) {
        rows.put(event, id);
    }

    /** Rows held: handed to the client, or decided but not yet written back. */
    public int held() {
        synchronized (this) {
            return rows.size() + decided.get();
        }
    }

    /** Ids of the rows whose leases this relay must keep: those the client still has, and decided ones. */
    public List<Long> heldIds() {
        List<Long> ids;
        synchronized (this) {
            ids = new ArrayList<>(rows.values());
        }
        for (Released r : released) {
            ids.add(r.id());
        }
        for (Parked p : parked) {
            ids.add(p.id());
        }
        return ids;
    }

    /** Queues a row for parking without it ever reaching the client (it could not be decoded). */
    public void park(long id, String error) {
        decided.incrementAndGet();
        parked.add(new Parked(id, error));
        wake.run();
    }

    @Override
    public void onAccepted(List<Conversion> events) {
        for (Conversion event : events) {
            Long id = take(event);
            if (id != null) {
                delivered.add(id);
            }
        }
        wake.run();
    }

    @Override
    public void onFailed(List<Conversion> events, PagentException cause) {
        boolean rejected =
                cause instanceof InvalidRequestException || (cause.statusCode() == 413 && events.size() == 1);
        String error = "pagent " + (cause.statusCode() == 0 ? "" : cause.statusCode() + " ") + cause.getMessage();
        Long retryAt = settings.clock().millis() + settings.retryDelay().toMillis();
        for (Conversion event : events) {
            Long id = take(event);
            if (id != null) {
                if (rejected) {
                    parked.add(new Parked(id, error));
                } else {
                    released.add(new Released(id, retryAt, error));
                }
            }
        }
        wake.run();
    }

    @Override
    public void onDropped(Conversion event, DropReason reason) {
        Long id = take(event);
        if (id != null) {
            // A full queue is brief (the relay holds no more rows than the queue takes): try again soon.
            Long retryAt = reason == DropReason.QUEUE_FULL
                    ? settings.clock().millis() + settings.pollInterval().toMillis()
                    : null;
            released.add(new Released(id, retryAt, null));
        }
        wake.run();
    }

    /**
     * Takes every outcome heard so far off the queues, to write back; {@link #written} them once they
     * are in the database, or {@link #restore} them when that failed.
     */
    public RowOutcomes drain() {
        return new RowOutcomes(drain(delivered), drain(parked), drain(released));
    }

    /** Puts back outcomes that could not be written (the database failed), to retry later. */
    public void restore(RowOutcomes outcomes) {
        delivered.addAll(outcomes.delete());
        parked.addAll(outcomes.park());
        released.addAll(outcomes.release());
    }

    /** Notes that {@code count} drained outcomes are now in the database. */
    public void written(int count) {
        decided.addAndGet(-count);
    }

    private @Nullable Long take(Conversion event) {
        synchronized (this) {
            Long id = rows.remove(event);
            if (id != null) {
                decided.incrementAndGet();
            }
            return id;
        }
    }

    private static <T> List<T> drain(ConcurrentLinkedQueue<T> queue) {
        List<T> out = new ArrayList<>();
        T item;
        while ((item = queue.poll()) != null) {
            out.add(item);
        }
        return out;
    }
}
