package ai.pagent.jdbc.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * The relay's settings, checked by its builder.
 *
 * @param owner the lease owner written on claimed rows, unique per relay
 * @param batchSize rows per claimed batch (1..100); a claim leases up to {@link RelayWorker#BATCHES_PER_CLAIM} batches
 * @param maxInFlight most rows held at once: claimed, not yet accepted, failed or released
 * @param lease how long a claim holds a row before another relay may take it over
 * @param pollInterval wait between claims when the outbox had nothing to claim
 * @param retryDelay how long a row waits after its delivery failed for a passing reason
 * @param maxBackoff longest wait between attempts while the database fails
 * @param backlogInterval how often the backlog is counted
 * @param clock time for leases and ages
 */
public record RelaySettings(
        String owner,
        int batchSize,
        int maxInFlight,
        Duration lease,
        Duration pollInterval,
        Duration retryDelay,
        Duration maxBackoff,
        Duration backlogInterval,
        Clock clock) {}
