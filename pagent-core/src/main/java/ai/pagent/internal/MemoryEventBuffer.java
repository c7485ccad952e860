package ai.pagent.internal;

import ai.pagent.Conversion;
import java.util.List;
import org.jctools.queues.MpscArrayQueue;

/**
 * A bounded, lock-free in-memory {@link EventBuffer}. JCTools' multi-producer single-consumer array
 * queue hands an event over in a few nanoseconds without allocating. Its array is a power of two;
 * {@code offerIfBelowThreshold} holds it to the configured capacity exactly, with the one atomic
 * update of the producer index and no separate counter for producers to contend on.
 */
final class MemoryEventBuffer implements EventBuffer {
    private final MpscArrayQueue<Conversion> queue;
    private final int capacity;

    MemoryEventBuffer(int capacity) {
        this.capacity = capacity;
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
    }

    @Override
    public int offer(Conversion event) {
        if (!queue.offerIfBelowThreshold(event, capacity)) {
            return -1;
        }
        return queue.size();
    }

    @Override
    public int claim(List<Conversion> into, int max) {
        int n = 0;
        while (n < max) {
            Conversion event = queue.poll();
            if (event == null) {
                break;
            }
            into.add(event);
            n++;
        }
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
}
