package ai.pagent.internal;

import ai.pagent.Conversion;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;

/**
 * A bounded, lock-free in-memory {@link EventBuffer}, bounded in events and in bytes (the events'
 * encoded JSON, {@link EventSize}). JCTools' multi-producer single-consumer array queue hands an event
 * over without allocating; {@code offerIfBelowThreshold} holds it to the configured capacity exactly.
 * The byte budget is reserved before the offer and given back when the event is claimed.
 */
final class MemoryEventBuffer implements EventBuffer {
    private final MpscArrayQueue<Conversion> queue;
    private final int capacity;
    private final long capacityBytes;
    private final AtomicLong bytes = new AtomicLong();

    MemoryEventBuffer(int capacity, long capacityBytes) {
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
    }

    @Override
    public int offer(Conversion event) {
        int size = EventSize.encodedBytes(event);
        if (bytes.addAndGet(size) > capacityBytes) {
            bytes.addAndGet(-size);
            return -1;
        }
        if (!queue.offerIfBelowThreshold(event, capacity)) {
            bytes.addAndGet(-size);
            return -1;
        }
        return queue.size();
    }

    @Override
    public int claim(List<Conversion> into, int max) {
        int n = 0;
        long released = 0;
        while (n < max) {
            Conversion event = queue.poll();
            if (event == null) {
                break;
            }
            released += EventSize.encodedBytes(event);
            into.add(event);
            n++;
        }
        bytes.addAndGet(-released);
        return n;
    }

    @Override
    public void completed(List<Conversion> events) {
        // Nothing to release: claimed events live only in their batch.
    }

    @Override
    public int size() {
        return queue.size();
    }

    /** Bytes of the events waiting. */
    long bytes() {
        return bytes.get();
    }
}
