package ai.pagent.internal;

import java.time.Duration;

/**
 * The delivery settings of a client, checked by {@code PagentClient.Builder}.
 *
 * @param queueCapacity most events waiting in memory
 * @param queueCapacityBytes most bytes (the events' encoded JSON) waiting in memory
 * @param maxBatchSize most events in one request
 * @param maxRequestBytes most bytes in one request body
 * @param flushInterval longest an event waits for its batch to fill
 * @param maxInFlight requests under way at once without a backlog: the floor of the adaptive limit
 * @param maxInFlightLimit most requests under way at once: the ceiling of the adaptive limit
 * @param maxAttempts most attempts of a batch failing with 5xx or I/O errors while pagent is up
 * @param initialBackoff ceiling of the first retry's random wait; also the circuit's first open wait
 * @param maxBackoff largest wait between attempts, and the circuit's longest open wait (at most 30 s)
 * @param shutdownTimeout how long close() may deliver
 * @param refusalReprobe first wait before a paused client (401, 403, 404) tries again with the same
 *     key; doubles per refusal, up to 30 minutes
 * @param listenerCapacity most events whose notifications may wait for a slow listener
 */
public record DispatcherSettings(
        int queueCapacity,
        long queueCapacityBytes,
        int maxBatchSize,
        int maxRequestBytes,
        Duration flushInterval,
        int maxInFlight,
        int maxInFlightLimit,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration shutdownTimeout,
        Duration refusalReprobe,
        int listenerCapacity) {

    /** Settings whose number of requests in flight is fixed at {@code maxInFlight}. */
    public DispatcherSettings(
            int queueCapacity,
            long queueCapacityBytes,
            int maxBatchSize,
            int maxRequestBytes,
            Duration flushInterval,
            int maxInFlight,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration shutdownTimeout,
            Duration refusalReprobe,
            int listenerCapacity) {
        this(
                queueCapacity,
                queueCapacityBytes,
                maxBatchSize,
                maxRequestBytes,
                flushInterval,
                maxInFlight,
                maxInFlight,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                shutdownTimeout,
                refusalReprobe,
                listenerCapacity);
    }
}
