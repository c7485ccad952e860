package ai.pagent.spring.boot.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh, empty databases: a new one on the JVM's one embedded PostgreSQL, or a new in-memory H2. */
final class TestDatabases {
    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /** The JDBC URL of a new, empty H2 database that lives until the JVM exits. */
    static String h2() {
        return "jdbc:h2:mem:shop" + counter.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    /** The JDBC URL of a new, empty database on the embedded PostgreSQL (user {@code postgres}). */
    static synchronized String postgres() {
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
            String db = "shop" + counter.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            return postgres.getJdbcUrl("postgres", db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
