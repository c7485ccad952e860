package ai.pagent.spring.boot.outbox;

import ai.pagent.jdbc.testing.EmbeddedDatabases;

/**
 * Fresh, empty databases: a new one on the JVM's one embedded PostgreSQL, or a new in-memory H2
 * ({@link EmbeddedDatabases}, from pagent-jdbc's test-jar).
 */
final class TestDatabases {
    private TestDatabases() {}

    /** The JDBC URL of a new, empty H2 database that lives until the JVM exits. */
    static String h2() {
        return EmbeddedDatabases.h2Url("shop");
    }

    /** The JDBC URL of a new, empty database on the embedded PostgreSQL (user {@code postgres}). */
    static String postgres() {
        return EmbeddedDatabases.postgresUrl(EmbeddedDatabases.newPostgresDatabase("shop"));
    }
}
