package ai.pagent.benchmarks.spring;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.jdbc.OutboxSchema;
import ai.pagent.jdbc.OutboxWriter;
import ai.pagent.spring.ConversionTracker;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the outbox adds to a Spring checkout transaction on embedded PostgreSQL (HikariCP, {@code
 * synchronous_commit=off} so that the shared disk's flush latency does not drown the statements):
 * {@code checkout} is a {@code TransactionTemplate} with the order's insert; {@code
 * checkoutTrackedToOutbox} adds {@code ConversionTracker.track(...)} with the outbox (build, validate,
 * encode, insert on the transaction's connection, the commit synchronization); {@code
 * checkoutWithOutboxWriter} adds only {@code OutboxWriter.write} on the same connection, so that
 * {@code tracked - writer} is what the Spring wiring itself costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OutboxTrackInTransaction {
    private static final PagentVariables VARIABLES = PagentVariables.of(
            "b7d1c7a2-51e4-4a57-9a1a-1f5c0e9f7b21",
            "4f1e6b1d-2b0a-4c5b-8d4e-2a7c9e0f1b33",
            null,
            "6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6");
    private static final String ORDER = "INSERT INTO orders (customer, total_cents) VALUES (?, ?)";

    private EmbeddedPostgres server;
    private HikariDataSource pool;
    private PagentClient client;
    private ConversionTracker tracker;
    private TransactionTemplate transaction;
    private JdbcTemplate jdbc;
    private final OutboxWriter writer = OutboxWriter.create();
    private Conversion conversion;

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "off")
                .start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        OutboxSchema.initialize(pool);
        jdbc = new JdbcTemplate(pool);
        jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id BIGSERIAL PRIMARY KEY, customer TEXT NOT NULL,"
                + " total_cents BIGINT NOT NULL, created TIMESTAMPTZ NOT NULL DEFAULT now())");
        client = PagentClient.builder().dryRun(true).build(); // never used inside a transaction
        tracker = ConversionTracker.builder(client).outbox(pool).build();
        transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
        conversion = Conversion.builder()
                .variables(VARIABLES)
                .label("checkout")
                .revenueCents(4_999)
                .properties(Map.of("plan", "pro", "coupon", "WINTER", "items", 3))
                .build();
    }

    @TearDown(Level.Iteration)
    public void truncate() {
        jdbc.execute("TRUNCATE orders, pagent_outbox");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        pool.close();
        server.close();
        if (tracker.stats().rejected() > 0 || client.stats().queued() > 0) {
            throw new IllegalStateException("a conversion missed the outbox: " + tracker.stats());
        }
    }

    @Benchmark
    public void checkout() {
        transaction.executeWithoutResult(status -> jdbc.update(ORDER, "customer-42", 4_999L));
    }

    @Benchmark
    public boolean checkoutTrackedToOutbox() {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            jdbc.update(ORDER, "customer-42", 4_999L);
            return tracker.track(VARIABLES, "checkout", 4_999, Map.of("plan", "pro", "coupon", "WINTER", "items", 3));
        }));
    }

    @Benchmark
    public void checkoutWithOutboxWriter() {
        transaction.executeWithoutResult(status -> {
            jdbc.update(ORDER, "customer-42", 4_999L);
            Connection c = DataSourceUtils.getConnection(pool);
            try {
                writer.write(c, conversion);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(c, pool);
            }
        });
    }
}
