package ai.pagent;

import java.util.List;

/**
 * Hears the final outcome of tracked events, for example to persist what could not be delivered
 * and send it again later. Every tracked event reaches exactly one of these methods, exactly once:
 * none is skipped, also not after {@code close()}.
 *
 * <p>Methods run on the client's own thread ({@code pagent-N-listener}), one at a time, in the order
 * outcomes happened. A slow listener holds back delivery (at most a bounded number of events wait
 * for it), never a caller of {@code track()}; two cases run on the caller's thread instead: an event
 * tracked after {@code close()}, and an event dropped while the listener is so far behind that no
 * notification fits in its queue. {@code flush()} returns {@code true} only after the listener heard
 * every event it covered, and {@code close()} lets it hear every outcome within the shutdown timeout.
 * Keep methods short; an exception they throw is logged and does not stop delivery.
 *
 * <pre>{@code
 * PagentClient.builder()
 *     .listener(new DeliveryListener() {
 *         public void onFailed(List<Conversion> events, PagentException cause) {
 *             outbox.saveAll(events);
 *         }
 *     })
 * }</pre>
 */
public interface DeliveryListener {
    /** pagent accepted these events. */
    default void onAccepted(List<Conversion> events) {}

    /** These events failed for good (rejected as invalid, retries used up); {@code cause} says why. */
    default void onFailed(List<Conversion> events, PagentException cause) {}

    /** This event was given up without being sent, for {@code reason}. */
    default void onDropped(Conversion event, DropReason reason) {}
}
