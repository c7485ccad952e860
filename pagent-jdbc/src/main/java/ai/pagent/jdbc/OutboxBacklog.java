package ai.pagent.jdbc;

import ai.pagent.jdbc.internal.OutboxStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How much the outbox holds: rows waiting for delivery, rows parked as failed, and when the oldest
 * waiting row was written. For health checks and meters: a growing backlog or an old oldest row
 * means the relay does not keep up, or cannot reach pagent.
 *
 * @param pending rows waiting for delivery (state {@code PENDING}), leased or not
 * @param failed rows parked for good (state {@code FAILED}), with the reason in {@code last_error}
 * @param oldestPending when the oldest pending row was written, absent when none is pending
 * @param measuredAt when these numbers were counted
 */
public record OutboxBacklog(long pending, long failed, Optional<Instant> oldestPending, Instant measuredAt) {
    /** Checks the values. */
    public OutboxBacklog {
        Objects.requireNonNull(oldestPending, "oldestPending");
        Objects.requireNonNull(measuredAt, "measuredAt");
    }

    /** Counts the backlog now on {@code connection} (one aggregate query over the outbox table). */
    public static OutboxBacklog read(Connection connection) throws SQLException {
        return of(OutboxStore.backlog(Objects.requireNonNull(connection, "connection")), Instant.now());
    }

    static OutboxBacklog of(OutboxStore.BacklogRow row, Instant measuredAt) {
        @Nullable Long oldest = row.oldestPendingCreatedMillis();
        return new OutboxBacklog(
                row.pending(),
                row.failed(),
                oldest == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)),
                measuredAt);
    }

    /** How long the oldest pending row has waited at {@code now}; zero when none is pending. */
    public Duration oldestPendingAge(Instant now) {
        return oldestPending
                .map(t -> now.isAfter(t) ? Duration.between(t, now) : Duration.ZERO)
                .orElse(Duration.ZERO);
    }
}
