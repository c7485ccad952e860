package ai.pagent.internal;

import java.time.Duration;

/** The delivery settings of a client, checked by {@code PagentClient.Builder}. */
public record DispatcherSettings(
        int queueCapacity,
        int maxBatchSize,
        Duration flushInterval,
        int maxInFlight,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration shutdownTimeout) {}
