package ai.pagent.benchmarks.jdbc;

import ai.pagent.jdbc.OutboxSchema;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL with the outbox table and an orders table, behind a HikariCP pool. With
 * {@code durable} false, commits do not wait for the WAL flush ({@code synchronous_commit=off}): on a
 * shared machine the disk's fsync latency (milliseconds, and noisy) would drown what the statements
 * themselves cost, and a checkout pays one flush per commit with or without the outbox.
 */
final class Postgres implements AutoCloseable {
    final EmbeddedPostgres server;
    final HikariDataSource pool;

    Postgres(int poolSize, boolean durable) throws IOException, SQLException {
        server = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        pool = new HikariDataSource(config);
        OutboxSchema.initialize(pool);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id BIGSERIAL PRIMARY KEY, customer TEXT NOT NULL,"
                    + " total_cents BIGINT NOT NULL, created TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
    }

    void truncate() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE orders, pagent_outbox");
        }
    }

    @Override
    public void close() throws IOException {
        pool.close();
        server.close();
    }
}
