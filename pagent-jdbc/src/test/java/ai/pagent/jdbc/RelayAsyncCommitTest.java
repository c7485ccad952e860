package ai.pagent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the relay's own transactions (claims, deletes, parkings, renewals) commit without
 * waiting for the WAL flush ({@code SET LOCAL synchronous_commit = off}: a database crash can only
 * make rows be sent again), while the application's insert, on the same pooled connection
 * afterwards, keeps the database's setting.
 */
class RelayAsyncCommitTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void theRelaysTransactionsCommitAsynchronouslyAndLeaveThePooledConnectionAsItWas() throws Exception {
        TestDatabase db = TestDatabase.create("postgresql");
        int n = 600;
        Events.commit(db.dataSource, "async", n);
        try (Connection real = durable(db)) {
            OneConnection pool = new OneConnection(real);
            try (FakeIngest ingest = FakeIngest.start()) {
                Set<String> poison = Set.of("async-7", "async-300");
                ingest.rejectEvents(e -> poison.contains(e.sessionId()));
                try (OutboxRelay relay =
                        Events.relay(pool.dataSource(), ingest).build().start()) {
                    await().atMost(LONG)
                            .until(() -> relay.stats().delivered() == n - poison.size()
                                    && relay.stats().parked() == poison.size());
                }
                assertThat(db.rows()).isEqualTo(poison.size());
            }
            // Claims, deletes and parkings each committed, and none of them waited for the WAL flush.
            List<String> relays = List.copyOf(pool.commits);
            assertThat(relays).hasSizeGreaterThanOrEqualTo(3).containsOnly("off");
            assertThat(pool.statements)
                    .anyMatch(sql -> sql.startsWith("DELETE"))
                    .anyMatch(sql -> sql.contains("'FAILED'"))
                    .anyMatch(sql -> sql.contains("attempts = attempts + 1"));

            // The application's transaction on the same connection: the database's setting, flushed.
            pool.commits.clear();
            try (Connection c = pool.dataSource().getConnection()) {
                c.setAutoCommit(false);
                OutboxWriter.create().write(c, Events.event("app"));
                assertThat(show(c)).isEqualTo("on");
                c.commit();
                c.setAutoCommit(true);
            }
            assertThat(pool.commits).containsExactly("on");
        }
        assertThat(db.count("event LIKE '%\"app\"%'")).isEqualTo(1);
    }

    @Test
    void leaseRenewalsCommitAsynchronously() throws Exception {
        TestDatabase db = TestDatabase.create("postgresql");
        Events.commit(db.dataSource, "renew", 50);
        try (Connection real = durable(db);
                FakeIngest slow = FakeIngest.start()) {
            slow.latency(Duration.ofSeconds(5)); // the rows stay held: their leases are renewed
            OneConnection pool = new OneConnection(real);
            OutboxRelay relay = Events.relay(pool.dataSource(), slow)
                    .client(Events.client(slow).shutdownTimeout(Duration.ofMillis(200)))
                    .leaseDuration(Duration.ofMillis(300))
                    .build()
                    .start();
            try {
                await().atMost(LONG)
                        .until(() -> pool.statements.stream()
                                .anyMatch(sql -> sql.startsWith("UPDATE pagent_outbox" + " SET lease_until = ?")));
            } finally {
                relay.close();
            }
            assertThat(pool.commits).hasSizeGreaterThanOrEqualTo(2).containsOnly("off");
        }
    }

    /**
     * A connection of the test database with {@code synchronous_commit} on, as a production database
     * has it (zonky's embedded PostgreSQL turns it off server-wide for speed).
     */
    private static Connection durable(TestDatabase db) throws SQLException {
        Connection c = db.dataSource.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = on");
        }
        return c;
    }

    private static String show(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * A pool of one real connection: every {@code getConnection()} hands out the same one, whose
     * {@code close()} does nothing, as a pool's does. Before each commit it records the transaction's
     * {@code synchronous_commit}, and it records the SQL of every prepared statement.
     */
    private static final class OneConnection {
        final Connection real;
        final List<String> commits = new CopyOnWriteArrayList<>();
        final List<String> statements = new CopyOnWriteArrayList<>();

        OneConnection(Connection real) {
            this.real = real;
        }

        DataSource dataSource() {
            Connection pooled = (Connection) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close" -> {
                                return null;
                            }
                            case "commit" -> commits.add(show(real));
                            case "prepareStatement" -> statements.add((String) args[0]);
                            default -> {}
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return (DataSource) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            return pooled;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
