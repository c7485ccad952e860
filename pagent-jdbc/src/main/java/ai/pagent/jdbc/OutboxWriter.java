package ai.pagent.jdbc;

import ai.pagent.Conversion;
import ai.pagent.jdbc.internal.EventJson;
import ai.pagent.jdbc.internal.OutboxStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;

/**
 * Writes conversions into the {@code pagent_outbox} table through the application's own {@link
 * Connection}, inside the application's transaction: the conversion commits with the order it
 * belongs to, and a rollback removes both. An {@link OutboxRelay} delivers committed rows later,
 * from this instance or any other.
 *
 * <pre>{@code
 * OutboxWriter outbox = OutboxWriter.create();   // share one; it is immutable and thread-safe
 *
 * try (Connection c = dataSource.getConnection()) {
 *     c.setAutoCommit(false);
 *     orders.insert(c, order);
 *     outbox.write(c, Conversion.builder().variables(v).label("checkout").revenueCents(999).build());
 *     c.commit();                                 // both or neither
 * }
 * }</pre>
 *
 * <p>The writer never commits, rolls back or closes the connection: the transaction is the
 * caller's. A database error is thrown as the {@link SQLException} it is, like any failed insert
 * of the transaction, so the application decides what the transaction does.
 */
public final class OutboxWriter {
    private static final String INSERT = "INSERT INTO " + OutboxStore.TABLE + " (event, created_at) VALUES (?, ?)";

    private final Clock clock;

    private OutboxWriter(Clock clock) {
        this.clock = clock;
    }

    /** A writer stamping rows with the system clock. */
    public static OutboxWriter create() {
        return new OutboxWriter(Clock.systemUTC());
    }

    /** A writer stamping rows' {@code created_at} with {@code clock} (for tests of the backlog's age). */
    public static OutboxWriter create(Clock clock) {
        return new OutboxWriter(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Inserts {@code conversion} as one outbox row on {@code connection}, in whatever transaction it
     * is in.
     *
     * @throws SQLException the insert failed (the table is missing, the database is down, ...)
     */
    public void write(Connection connection, Conversion conversion) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        String json = EventJson.encode(Objects.requireNonNull(conversion, "conversion"));
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            s.setString(1, json);
            s.setLong(2, clock.millis());
            s.executeUpdate();
        }
    }

    /**
     * Inserts {@code conversions} as one row each on {@code connection}, in one JDBC batch.
     *
     * @throws SQLException the insert failed; which rows were written is for the transaction to undo
     */
    public void writeAll(Connection connection, Collection<Conversion> conversions) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(conversions, "conversions");
        if (conversions.isEmpty()) {
            return;
        }
        long now = clock.millis();
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            for (Conversion c : conversions) {
                s.setString(1, EventJson.encode(Objects.requireNonNull(c, "conversions holds null")));
                s.setLong(2, now);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public String toString() {
        return "OutboxWriter{table=" + OutboxStore.TABLE + "}";
    }
}
