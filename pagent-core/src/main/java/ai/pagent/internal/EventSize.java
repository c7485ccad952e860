package ai.pagent.internal;

import ai.pagent.Conversion;

/** The size of one event as {@link WireFormat} writes it, for byte budgets of queues and requests. */
public final class EventSize {
    private EventSize() {}

    /**
     * The exact number of UTF-8 bytes of the event's JSON object as it appears in a batch body,
     * without the comma that separates it from its neighbours. Computed at {@code build()}: free.
     */
    public static int encodedBytes(Conversion event) {
        return event.encodedSize();
    }
}
