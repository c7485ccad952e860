package ai.pagent.internal;

import ai.pagent.DropReason;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client's event counts. {@code queued} is striped because every request thread adds to it;
 * outcomes are counted by the client's own threads. An outcome is always counted after its event's
 * {@code queued}, and {@link #snapshotInto} reads outcomes before {@code queued}, so a snapshot never
 * shows more outcomes than events.
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

    /** Fills {@code into} with accepted, failed, retried, unconfirmed, then queued; drops by reason in {@code drops}. */
    void snapshotInto(long[] into, long[] drops) {
        into[0] = accepted.get();
        into[1] = failed.get();
        for (int i = 0; i < drops.length; i++) {
            drops[i] = dropped.get(i);
        }
        into[2] = retried.get();
        into[3] = unconfirmed.get();
        into[4] = queued.sum();
    }
}
