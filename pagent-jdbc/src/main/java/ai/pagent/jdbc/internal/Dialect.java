package ai.pagent.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the databases the outbox supports: its DDL script and how the relay claims
 * rows. PostgreSQL, MySQL 8 / MariaDB 10.6 and H2 2 lock the rows they claim with {@code FOR UPDATE
 * SKIP LOCKED}, so relays never wait for each other; any other database takes an optimistic lease
 * (an {@code UPDATE} that only one relay can win per row).
 */
public enum Dialect {
    POSTGRESQL("postgresql.sql", true),
    MYSQL("mysql.sql", true),
    H2("h2.sql", true),
    /** Any other database: standard SQL and optimistic leases; bring your own DDL. */
    GENERIC(null, false);

    private final String script;
    private final boolean skipLocked;

    Dialect(@org.jspecify.annotations.Nullable String script, boolean skipLocked) {
        this.script = script == null ? "" : script;
        this.skipLocked = skipLocked;
    }

    /** The dialect of the database behind {@code connection}, from its product name. */
    public static Dialect of(Connection connection) throws SQLException {
        return ofProductName(connection.getMetaData().getDatabaseProductName());
    }

    static Dialect ofProductName(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        return GENERIC;
    }

    /** The classpath resource of this database's DDL, or empty for {@link #GENERIC}. */
    public String scriptResource() {
        return script.isEmpty() ? "" : "ai/pagent/jdbc/schema/" + script;
    }

    boolean skipLocked() {
        return skipLocked;
    }
}
