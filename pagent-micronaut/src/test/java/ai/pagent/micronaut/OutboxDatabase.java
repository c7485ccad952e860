package ai.pagent.micronaut;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database for a Micronaut context's {@code datasources.default}: in-memory H2, or a new
 * database on the one embedded PostgreSQL (zonky) of this JVM. Holds an {@code orders} table, and
 * the outbox table only when asked.
 */
final class OutboxDatabase {
    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    final String kind;
    final String url;
    private final String driver;
    private final String user;

    private OutboxDatabase(String kind, String url, String driver, String user) {
        this.kind = kind;
        this.url = url;
        this.driver = driver;
        this.user = user;
    }

    static OutboxDatabase create(String kind) {
        return kind.equals("postgresql") ? postgres() : h2();
    }

    static OutboxDatabase h2() {
        return withOrders(new OutboxDatabase(
                "h2",
                "jdbc:h2:mem:mn-outbox" + counter.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "org.h2.Driver",
                "sa"));
    }

    static synchronized OutboxDatabase postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                EmbeddedPostgres started = postgres;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // the JVM is exiting
                    }
                }));
            }
            String db = "mnoutbox" + counter.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            return withOrders(new OutboxDatabase(
                    "postgresql",
                    "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + db,
                    "org.postgresql.Driver",
                    "postgres"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutboxDatabase withOrders(OutboxDatabase db) {
        db.execute("CREATE TABLE orders (cents BIGINT)");
        return db;
    }

    /** The {@code datasources.default.*} keys of a Hikari pool on this database. */
    Map<String, Object> dataSourceProperties() {
        return Map.of(
                "datasources.default.url", url,
                "datasources.default.driver-class-name", driver,
                "datasources.default.username", user,
                "datasources.default.password", "",
                "datasources.default.maximum-pool-size", "4");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    long count(String table) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean hasOutboxTable() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM pagent_outbox").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    void execute(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
