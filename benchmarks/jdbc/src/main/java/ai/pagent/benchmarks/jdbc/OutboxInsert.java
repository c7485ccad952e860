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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the outbox adds to the application's transaction: a checkout that inserts its order and
 * commits, with and without {@link OutboxWriter#write} of its conversion in the same transaction,
 * on embedded PostgreSQL through a HikariCP pool. The difference of the two is the outbox's cost
 * (target: well under a millisecond).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class OutboxInsert {
    private static final String ORDER = "INSERT INTO orders (customer, total_cents) VALUES (?, ?)";

    /** Whether each commit waits for the WAL flush (see {@link Postgres}). */
    @Param({"false", "true"})
    public boolean durable;

    private Postgres db;
    private final OutboxWriter outbox = OutboxWriter.create();
    private Conversion conversion;

    @Setup(Level.Trial)
    public void start() throws Exception {
        db = new Postgres(4, durable);
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
    public void empty() throws SQLException {
        db.truncate();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        db.close();
    }

    @Benchmark
    public void checkoutWithoutOutbox() throws SQLException {
        try (Connection c = db.pool.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c);
            c.commit();
        }
    }

    @Benchmark
    public void checkoutWithOutbox() throws SQLException {
        try (Connection c = db.pool.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c);
            outbox.write(c, conversion);
            c.commit();
        }
    }

    private static void insertOrder(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(ORDER)) {
            s.setString(1, "customer-42");
            s.setLong(2, 4_999);
            s.executeUpdate();
        }
    }
}
