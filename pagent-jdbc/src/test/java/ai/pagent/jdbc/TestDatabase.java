package ai.pagent.jdbc;

import ai.pagent.jdbc.testing.EmbeddedDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh, empty database with the outbox table: in-memory H2, or a new database on a real PostgreSQL. */
public final class TestDatabase {
    final String name;
    public final DataSource dataSource;
    final String jdbcUrl;

    private TestDatabase(String name, DataSource dataSource, String jdbcUrl) {
        this.name = name;
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
    }

    public static TestDatabase create(String kind) {
        return kind.equals("postgresql") ? postgres() : h2();
    }

    static TestDatabase h2() {
        String url = EmbeddedDatabases.h2Url("outbox");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return initialized(new TestDatabase("h2", ds, url));
    }

    /** A new database on the one embedded PostgreSQL of this JVM, started on first use. */
    static TestDatabase postgres() {
        String db = EmbeddedDatabases.newPostgresDatabase("outbox");
        return initialized(new TestDatabase(
                "postgresql", EmbeddedDatabases.postgresDataSource(db), EmbeddedDatabases.postgresUrl(db)));
    }

    private static TestDatabase initialized(TestDatabase db) {
        try {
            OutboxSchema.initialize(db.dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    public long count(String where) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pagent_outbox WHERE " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    long rows() throws SQLException {
        return count("1 = 1");
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
