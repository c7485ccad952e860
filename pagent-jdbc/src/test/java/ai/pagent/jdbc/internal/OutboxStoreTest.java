package ai.pagent.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.jdbc.OutboxSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each claim path (SKIP LOCKED, and the optimistic lease of other databases) on H2. */
class OutboxStoreTest {
    private static int databases;

    @ParameterizedTest
    @EnumSource(
            value = Dialect.class,
            names = {"H2", "GENERIC"})
    void concurrentClaimsNeverShareARowAndExpiredLeasesAreClaimedAgain(Dialect dialect) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:store" + (++databases) + ";DB_CLOSE_DELAY=-1");
        OutboxSchema.initialize(ds);
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
}
