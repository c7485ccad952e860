package ai.pagent;

import java.util.List;

/**
 * Hears the final outcome of tracked events, for example to persist what could not be delivered
 * and send it again later. Every tracked event reaches exactly one of these methods.
 *
 * <p>Methods run on the client's own threads, never on the thread that called {@code track}. Keep
 * them short; an exception they throw is logged and does not stop delivery.
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
