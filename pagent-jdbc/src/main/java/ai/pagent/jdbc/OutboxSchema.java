package ai.pagent.jdbc;

import ai.pagent.jdbc.internal.Dialect;
import ai.pagent.jdbc.internal.OutboxStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pagent_outbox} table's DDL, shipped as classpath resources for each supported
 * database, and an opt-in initializer that creates the table when it is missing.
 *
 * <p>Prefer your migration tool: copy the script into a Flyway migration ({@code
 * V42__pagent_outbox.sql}), or point Liquibase at it ({@code <sqlFile
 * path="ai/pagent/jdbc/schema/postgresql.sql"/>}). Columns: {@code id}, {@code event} (the
 * conversion as JSON), {@code created_at} and {@code lease_until} (epoch milliseconds, UTC),
 * {@code state} ({@code PENDING} or {@code FAILED}), {@code attempts}, {@code lease_owner}, {@code
 * last_error}.
 *
 * <pre>{@code
 * OutboxSchema.initialize(dataSource);   // CREATE TABLE IF NOT EXISTS, for apps without migrations
 * }</pre>
 */
public final class OutboxSchema {
    /** DDL for PostgreSQL 10 and later. */
    public static final String POSTGRESQL = "ai/pagent/jdbc/schema/postgresql.sql";
    /** DDL for MySQL 8.0 and later, and MariaDB 10.6 and later. */
    public static final String MYSQL = "ai/pagent/jdbc/schema/mysql.sql";
    /** DDL for H2 2.x. */
    public static final String H2 = "ai/pagent/jdbc/schema/h2.sql";

    private static final Logger log = LoggerFactory.getLogger(OutboxSchema.class);

    private OutboxSchema() {}

    /**
     * Creates the outbox table and its index on {@code dataSource}'s database unless the table
     * exists. Safe to call from several instances starting at once.
     *
     * @return {@code true} when this call created the table
     * @throws SQLException the database failed, or is not one of PostgreSQL, MySQL, MariaDB or H2
     *     (then create the table yourself, following {@link #POSTGRESQL})
     */
    public static boolean initialize(DataSource dataSource) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            if (exists(c)) {
                return false;
            }
            Dialect dialect = Dialect.of(c);
            if (dialect.scriptResource().isEmpty()) {
                throw new SQLException(
                        "pagent outbox: no DDL for " + c.getMetaData().getDatabaseProductName() + "; create the table "
                                + OutboxStore.TABLE + " yourself, following " + POSTGRESQL);
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(read(dialect.scriptResource()))) {
                    s.execute(statement);
                }
            } catch (SQLException e) {
                if (exists(c)) { // another instance created it at the same moment
                    return false;
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            log.info("pagent outbox: created table {}", OutboxStore.TABLE);
            return true;
        }
    }

    /** The DDL script for the database behind {@code connection} ({@code ;}-separated statements). */
    public static String script(Connection connection) throws SQLException {
        String resource =
                Dialect.of(Objects.requireNonNull(connection, "connection")).scriptResource();
        if (resource.isEmpty()) {
            throw new SQLException("pagent outbox: no DDL for "
                    + connection.getMetaData().getDatabaseProductName() + "; follow " + POSTGRESQL);
        }
        return read(resource);
    }

    /** Whether the outbox table exists where {@code connection}'s unqualified names resolve. */
    static boolean exists(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = connection.getCatalog();
        String schema = connection.getSchema();
        for (String name : List.of(
                OutboxStore.TABLE,
                OutboxStore.TABLE.toUpperCase(Locale.ROOT))) { // H2 folds unquoted names to upper case
            try (ResultSet r = meta.getTables(catalog, schema, name, new String[] {"TABLE"})) {
                if (r.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String part : sql.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    private static String read(String resource) {
        try (InputStream in = OutboxSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("pagent outbox: missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
