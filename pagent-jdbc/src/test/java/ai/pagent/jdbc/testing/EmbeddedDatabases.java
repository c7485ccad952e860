package ai.pagent.jdbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Fresh, empty databases for tests: a new in-memory H2, or a new database on the one embedded
 * PostgreSQL (zonky) of this JVM, started on first use and stopped when the JVM exits. pagent-jdbc's
 * tests use it, and so do the Spring Boot starters' and the Micronaut module's through pagent-jdbc's
 * test-jar (which holds only this package).
 */
public final class EmbeddedDatabases {
    /** The user of every PostgreSQL database made here (no password). */
    public static final String POSTGRES_USER = "postgres";

    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private EmbeddedDatabases() {}

    /** The JDBC URL of a new, empty H2 database named {@code prefix} and a number, kept until the JVM exits. */
    public static String h2Url(String prefix) {
        return "jdbc:h2:mem:" + prefix + counter.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * Creates a new, empty database named {@code prefix} and a number on the embedded PostgreSQL.
     *
     * @return its name, for {@link #postgresUrl} and {@link #postgresDataSource}
     */
    public static String newPostgresDatabase(String prefix) {
        String name = prefix + counter.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** The JDBC URL of {@code database} on the embedded PostgreSQL, as {@link #POSTGRES_USER}. */
    public static String postgresUrl(String database) {
        return postgres().getJdbcUrl(POSTGRES_USER, database);
    }

    /** A data source of {@code database} on the embedded PostgreSQL, as {@link #POSTGRES_USER}. */
    public static DataSource postgresDataSource(String database) {
        return postgres().getDatabase(POSTGRES_USER, database);
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }
}
