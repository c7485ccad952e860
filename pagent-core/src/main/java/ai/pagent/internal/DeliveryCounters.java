package ai.pagent.internal;

import ai.pagent.DropReason;
import ai.pagent.PagentStats;
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
     * The counts as {@link PagentStats}, with the given gauges. Outcomes are read before {@code
     * queued}, so the snapshot never shows more outcomes than events.
     */
    PagentStats snapshot(int queueSize, int inFlight, PagentStats.State state, @Nullable String problem) {
        long acceptedNow = accepted.get();
        long failedNow = failed.get();
        long[] drops = new long[DropReason.values().length];
        for (int i = 0; i < drops.length; i++) {
            drops[i] = dropped.get(i);
        }
        long retriedNow = retried.get();
        long unconfirmedNow = unconfirmed.get();
        return new PagentStats(
                queued.sum(),
                acceptedNow,
                failedNow,
                drops,
                retriedNow,
                unconfirmedNow,
                queueSize,
                inFlight,
                state,
                problem);
    }
}
