package ai.pagent.internal;

import ai.pagent.Conversion;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpscArrayQueue;

/**
 * A bounded, lock-free in-memory {@link EventBuffer}. JCTools' multi-producer single-consumer array
 * queue hands an event over in a few nanoseconds without allocating; its capacity is rounded up to
 * a power of two, so an exact count enforces the configured capacity.
 */
final class MemoryEventBuffer implements EventBuffer {
    private final MpscArrayQueue<Conversion> queue;
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    MemoryEventBuffer(int capacity) {
        this.capacity = capacity;
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
    }

    @Override
    public int offer(Conversion event) {
        int now;
        do {
            now = size.get();
            if (now >= capacity) {
                return -1;
            }
        } while (!size.compareAndSet(now, now + 1));
        // Cannot fail: the count keeps the queue at or below its (rounded-up) capacity.
        queue.offer(event);
        return now + 1;
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
        if (n > 0) {
            size.addAndGet(-n);
        }
        return n;
    }

    @Override
    public void completed(List<Conversion> events) {
        // Nothing to release: claimed events live only in their batch.
    }

    @Override
    public int size() {
        return size.get();
    }
}
