package ai.pagent.internal;

import ai.pagent.Conversion;
import java.util.List;

/**
 * Where tracked events wait to be sent. Written by any number of request threads, read by the one
 * dispatcher thread (and, under the dispatcher's lock, by close() for its final drain). An event
 * leaves the buffer for good only through {@link #completed}, after its final outcome; so a durable
 * (on-disk) buffer can keep claimed events until then and replay them after a restart. The
 * in-memory buffer forgets them on {@link #claim}.
 *
 * <p>A buffer is bounded as it sees fit (the in-memory one in events and in encoded bytes, see
 * {@link EventSize}); {@link #offer} says when an event does not fit. Batches are capped in bytes by
 * the sender, not here, so {@link #claim} stays a plain take of the oldest events.
 */
interface EventBuffer {
    /**
     * Adds an event, without blocking.
     *
     * @return the number of events waiting after the add, or {@code -1} when the buffer is full
     *     (in events or bytes)
     */
    int offer(Conversion event);

    /** Moves up to {@code max} of the oldest waiting events into {@code into}, in order; returns how many. */
    int claim(List<Conversion> into, int max);

    /** The events of a claimed batch reached their final outcome. */
    void completed(List<Conversion> events);

    /** Events waiting (not claimed) that {@link #claim} can take now. */
    int size();

    /**
     * Events waiting, including any a durable buffer holds on disk only until there is room in
     * memory: what {@code stats()} reports and a flush waits for.
     */
    default int waiting() {
        return size();
    }

    /**
     * The client gave up delivering (close() ran out of time): events completed from now on were
     * dropped, so a durable buffer keeps them for the next client instead of forgetting them.
     */
    default void abandon() {}

    /** Releases the buffer at the end of close(); {@code deadlineNanos} is a {@link System#nanoTime()}. */
    default void close(long deadlineNanos) {}
}
