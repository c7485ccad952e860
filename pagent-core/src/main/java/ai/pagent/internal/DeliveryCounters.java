package ai.pagent.internal;

import ai.pagent.DropReason;
import ai.pagent.PagentStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The client's event counts. {@code queued} is striped because every request thread adds to it;
 * outcomes are counted by the client's own threads, always after their event's {@code queued}.
 */
final class DeliveryCounters {
    final LongAdder queued = new LongAdder();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong unconfirmed = new AtomicLong();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

    void dropped(DropReason reason, int count) {
        dropped.addAndGet(reason.ordinal(), count);
    }

    /**
     * The counts, with the given gauges. Outcomes are read before {@code queued}, so the snapshot
     * never shows more outcomes than events. The gauges were read before the outcomes, so an event
     * that got its outcome in between would show twice, as in flight (or queued) and as accepted: they
     * are capped so that {@code queueSize + inFlight <= pending}, as an event is in one place at a time.
     */
    DeliverySnapshot snapshot(int queueSize, int inFlight, PagentStats.State state, @Nullable String problem) {
        long acceptedNow = accepted.get();
        long failedNow = failed.get();
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, dropped.get(reason.ordinal()));
        }
        long retriedNow = retried.get();
        long unconfirmedNow = unconfirmed.get();
        long queuedNow = queued.sum();
        long droppedNow = drops.values().stream().mapToLong(Long::longValue).sum();
        long pending = Math.max(0, queuedNow - acceptedNow - failedNow - droppedNow);
        int inFlightNow = (int) Math.min(inFlight, pending);
        int queueSizeNow = (int) Math.min(queueSize, pending - inFlightNow);
        return new DeliverySnapshot(
                queuedNow,
                acceptedNow,
                failedNow,
                drops,
                retriedNow,
                unconfirmedNow,
                queueSizeNow,
                inFlightNow,
                state,
                problem);
    }
}
