package ai.pagent.benchmarks.jdbc;

import ai.pagent.Conversion;
import ai.pagent.jdbc.OutboxWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The statement alone, inside one open transaction (rolled back after each iteration): what {@link
 * OutboxWriter#write} adds to a checkout's transaction before its commit, next to the checkout's own
 * order insert. Free of the commit's WAL flush, whose latency on a shared disk drowns both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class InsertInTransaction {
    private Postgres db;
    private Connection connection;
    private final OutboxWriter outbox = OutboxWriter.create();
    private Conversion conversion;

    @Setup(Level.Trial)
    public void start() throws Exception {
        db = new Postgres(2, true);
        conversion = Conversion.builder()
                .sessionId("b7d1c7a2-51e4-4a57-9a1a-1f5c0e9f7b21")
                .userId("4f1e6b1d-2b0a-4c5b-8d4e-2a7c9e0f1b33")
                .conversionId("6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
                .label("checkout")
                .revenueCents(4_999)
                .properties(Map.of("plan", "pro", "coupon", "WINTER", "items", 3))
                .build();
    }

    @Setup(Level.Iteration)
    public void begin() throws SQLException {
        connection = db.pool.getConnection();
        connection.setAutoCommit(false);
    }

    @TearDown(Level.Iteration)
    public void rollback() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        db.close();
    }

    @Benchmark
    public void outboxWrite() throws SQLException {
        outbox.write(connection, conversion);
    }

    @Benchmark
    public void orderInsert() throws SQLException {
        try (PreparedStatement s =
                connection.prepareStatement("INSERT INTO orders (customer, total_cents) VALUES (?, ?)")) {
            s.setString(1, "customer-42");
            s.setLong(2, 4_999);
            s.executeUpdate();
        }
    }
}
