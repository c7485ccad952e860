package ai.pagent.micronaut;

import ai.pagent.jdbc.testing.EmbeddedDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh database for a Micronaut context's {@code datasources.default}: in-memory H2, or a new
 * database on the one embedded PostgreSQL (zonky) of this JVM ({@link EmbeddedDatabases}). Holds an {@code orders} table, and
 * the outbox table only when asked.
 */
final class OutboxDatabase {
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
        return withOrders(new OutboxDatabase("h2", EmbeddedDatabases.h2Url("mn-outbox"), "org.h2.Driver", "sa"));
    }

    static OutboxDatabase postgres() {
        String db = EmbeddedDatabases.newPostgresDatabase("mnoutbox");
        return withOrders(new OutboxDatabase(
                "postgresql",
                EmbeddedDatabases.postgresUrl(db),
                "org.postgresql.Driver",
                EmbeddedDatabases.POSTGRES_USER));
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
