package ai.pagent.jdbc;

/**
 * What an {@link OutboxRelay} did so far, counted in rows.
 *
 * @param claimed rows leased for delivery (a row claimed again after a failure counts again)
 * @param delivered rows pagent accepted, deleted from the outbox
 * @param parked rows marked {@code FAILED}: rejected by pagent, or holding no valid event
 * @param released rows given back for a later attempt (delivery failed for a passing reason, or the
 *     relay stopped before delivering them)
 * @param databaseErrors rounds in which the database failed
 */
public record OutboxRelayStats(long claimed, long delivered, long parked, long released, long databaseErrors) {}
