package ai.pagent.internal;

import ai.pagent.DropReason;
import ai.pagent.PagentStats;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The counts and state of a client's delivery at one moment; {@code PagentClient} shows it as {@link PagentStats}. */
public record DeliverySnapshot(
        long queued,
        long accepted,
        long failed,
        Map<DropReason, Long> dropped,
        long retried,
        long unconfirmed,
        int queueSize,
        int inFlight,
        PagentStats.State state,
        @Nullable String problem) {
    public DeliverySnapshot {
        dropped = Map.copyOf(dropped);
    }
}
