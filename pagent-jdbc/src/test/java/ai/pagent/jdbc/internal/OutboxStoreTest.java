package ai.pagent.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.jdbc.FaultyDataSource;
import ai.pagent.jdbc.OutboxSchema;
import ai.pagent.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each dialect's SQL: the claim paths (SKIP LOCKED, and the optimistic lease of other databases) on
 * H2, and a relay's round (outcomes written, then a claim, in one transaction) on each dialect,
 * PostgreSQL's on a real PostgreSQL.
 */
class OutboxStoreTest {
    private static int databases;

    @ParameterizedTest
    @EnumSource(
            value = Dialect.class,
            names = {"H2", "MYSQL", "GENERIC"})
    void concurrentClaimsNeverShareARowAndExpiredLeasesAreClaimedAgain(Dialect dialect) throws Exception {
        DataSource ds = h2(dialect);
        try (Connection c = ds.getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO pagent_outbox (event, created_at) VALUES ('{}', 1)")) {
            for (int i = 0; i < 250; i++) {
                s.addBatch();
            }
            s.executeBatch();
        }
        int claimers = 4;
        int[] claimedTotal = new int[1];
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<List<Long>>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < claimers; i++) {
                OutboxStore store = new OutboxStore(ds, dialect);
                String owner = "owner-" + i;
                Callable<List<Long>> claim = () -> {
                    go.await();
                    List<Long> ids = new ArrayList<>();
                    for (OutboxStore.ClaimedRow row : store.claim(owner, 100, 1_000, 60_000)) {
                        ids.add(row.id());
                    }
                    return ids;
                };
                claims.add(pool.submit(claim));
            }
            go.countDown();
            Set<Long> seen = new HashSet<>();
            int total = 0;
            for (Future<List<Long>> f : claims) {
                List<Long> ids = f.get();
                total += ids.size();
                seen.addAll(ids);
            }
            assertThat(seen).hasSize(total); // no row went to two claimers
            assertThat(total).isBetween(100, 250);
            claimedTotal[0] = total;
        } finally {
            pool.shutdownNow();
        }
        OutboxStore later = new OutboxStore(ds, dialect);
        // At time 1 000 the claimed rows are leased until 60 000: only the unclaimed rest is free.
        assertThat(later.claim("late", 250, 1_000, 60_000)).hasSize(250 - claimedTotal[0]);
        // Once the leases ran out, every row is claimable again.
        assertThat(later.claim("late", 250, 60_001, 120_000)).hasSize(250);
        assertThat(later.backlog().pending()).isEqualTo(250);
    }

    /** H2, in MySQL's mode for the MySQL dialect's SQL. */
    private static DataSource h2(Dialect dialect) throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:store" + (++databases) + (dialect == Dialect.MYSQL ? ";MODE=MySQL" : "")
                + ";DB_CLOSE_DELAY=-1");
        OutboxSchema.initialize(ds);
        return ds;
    }

    /** The store of each dialect: PostgreSQL's on a real PostgreSQL, the others' on H2. */
    private static OutboxStore store(Dialect dialect, DataSource ds) {
        return new OutboxStore(ds, dialect);
    }

    private static DataSource database(Dialect dialect) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? TestDatabase.create("postgresql").dataSource : h2(dialect);
    }

    private static List<Long> ids(List<OutboxStore.ClaimedRow> rows) {
        List<Long> ids = new ArrayList<>();
        for (OutboxStore.ClaimedRow row : rows) {
            ids.add(row.id());
        }
        return ids;
    }

    private static void insert(DataSource ds, int n) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO pagent_outbox (event, created_at) VALUES ('{}', 1)")) {
            for (int i = 0; i < n; i++) {
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String row(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT state, lease_owner, lease_until, last_error FROM pagent_outbox WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return "deleted";
                }
                long until = r.getLong(3);
                String leaseUntil = r.wasNull() ? "null" : Long.toString(until);
                return r.getString(1) + " " + r.getString(2) + " " + leaseUntil + " " + r.getString(4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRoundDeletesParksAndReleasesWithAStatementPerKindThenClaims(Dialect dialect) throws Exception {
        DataSource ds = database(dialect);
        insert(ds, 1200);
        OutboxStore store = store(dialect, ds);
        List<Long> held = ids(store.claim("a", 1000, 1_000, 60_000)); // more than an IN list takes
        assertThat(held).hasSize(1000);
        long first = held.get(0);
        List<Long> accepted = new ArrayList<>(held.subList(0, 700));
        List<RowOutcomes.Parked> rejected = List.of(new RowOutcomes.Parked(held.get(700), "pagent 400 bad"));
        List<RowOutcomes.Released> given = new ArrayList<>();
        for (long id : held.subList(701, 800)) {
            given.add(new RowOutcomes.Released(id, null, null)); // claimable again at once
        }
        given.add(new RowOutcomes.Released(held.get(800), 90_000L, "pagent 503 later"));

        List<OutboxStore.ClaimedRow> next =
                store.settleAndClaim(new RowOutcomes(accepted, rejected, given), "a", 500, 2_000, 70_000);

        // Claimable: the 99 released at once and the 200 never claimed; not the one released until 90 000.
        assertThat(ids(next)).hasSize(299).containsAll(held.subList(701, 800)).doesNotContain(held.get(800));
        assertThat(row(ds, first)).isEqualTo("deleted");
        assertThat(row(ds, held.get(699))).isEqualTo("deleted");
        assertThat(row(ds, held.get(700))).isEqualTo("FAILED null null pagent 400 bad");
        assertThat(row(ds, held.get(800))).isEqualTo("PENDING null 90000 pagent 503 later");
        assertThat(row(ds, held.get(701))).isEqualTo("PENDING a 70000 null");
        assertThat(row(ds, held.get(999))).isEqualTo("PENDING a 60000 null"); // still held, untouched
        assertThat(store.backlog().pending()).isEqualTo(1200 - 700 - 1);

        store.renew(held.subList(801, 1000), "a", 80_000);
        assertThat(row(ds, held.get(999))).isEqualTo("PENDING a 80000 null");
        assertThat(row(ds, held.get(800))).isEqualTo("PENDING null 90000 pagent 503 later");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRoundWhoseClaimFailsWritesNoneOfItsOutcomes(Dialect dialect) throws Exception {
        DataSource real = database(dialect);
        insert(real, 10);
        FaultyDataSource faulty = new FaultyDataSource(real);
        OutboxStore store = store(dialect, faulty.dataSource());
        List<Long> held = ids(store.claim("a", 5, 1_000, 60_000));
        faulty.failStatement("attempts = attempts + 1");

        RowOutcomes outcomes = new RowOutcomes(
                held.subList(0, 2),
                List.of(new RowOutcomes.Parked(held.get(2), "pagent 400 bad")),
                List.of(new RowOutcomes.Released(held.get(3), null, null)));
        assertThatThrownBy(() -> store.settleAndClaim(outcomes, "a", 5, 2_000, 70_000))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("injected");

        for (long id : held) {
            assertThat(row(real, id)).isEqualTo("PENDING a 60000 null");
        }
        assertThat(store.backlog().pending()).isEqualTo(10);
        // The connection went back as it came: the next round runs, and writes everything.
        assertThat(store.settleAndClaim(outcomes, "a", 5, 2_000, 70_000)).hasSize(5);
        assertThat(store.backlog().pending()).isEqualTo(7); // 2 deleted, 1 parked
    }
}
