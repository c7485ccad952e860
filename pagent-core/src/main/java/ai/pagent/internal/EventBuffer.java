package ai.pagent.internal;

import ai.pagent.Conversion;
import java.util.List;

/**
 * Where tracked events wait to be sent. Written by any number of request threads, read by the one
 * dispatcher thread. An event leaves the buffer for good only through {@link #completed}, after
 * its final outcome; so a durable (on-disk) buffer can keep claimed events until then and replay
 * them after a restart. The in-memory buffer forgets them on {@link #claim}.
 */
interface EventBuffer {
    /**
     * Adds an event, without blocking.
     *
     * @return the number of events waiting after the add, or {@code -1} when the buffer is full
     */
    int offer(Conversion event);

    /** Moves up to {@code max} of the oldest waiting events into {@code into}, in order; returns how many. */
    int claim(List<Conversion> into, int max);

    /** The events of a claimed batch reached their final outcome. */
    void completed(List<Conversion> events);

    /** Events waiting (not claimed). */
    int size();
}
