package ai.pagent.jdbc;

import static ai.pagent.jdbc.Events.relay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.jdbc.internal.EventJson;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a relay's rounds meet the database: several batches claimed per transaction and in flight at
 * once, outcomes written with the next claim, and a round whose commit fails leaving no trace.
 */
class OutboxRelayRoundTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void claimsGrowFromOneBatchToTenPerTransactionAndTheClientSendsSeveralAtOnce(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        Events.commit(db.dataSource, "round", 1500);
        FaultyDataSource counted = new FaultyDataSource(db.dataSource);
        try (FakeIngest slow = FakeIngest.start()) {
            slow.latency(Duration.ofSeconds(5)); // no outcome comes back while the test looks
            OutboxRelay relay = relay(counted.dataSource(), slow)
                    .client(Events.client(slow).shutdownTimeout(Duration.ofMillis(200)))
                    .owner("round")
                    .maxInFlight(1000)
                    .build()
                    .start();
            try {
                await().atMost(LONG).until(() -> relay.stats().claimed() == 1000);
                // Claims of 100, 200, 400 and the 300 left of maxInFlight (1000): a transaction each.
                assertThat(counted.commits()).isEqualTo(4);
                assertThat(db.count("lease_owner = 'round'")).isEqualTo(1000);
                assertThat(db.count("lease_owner IS NULL")).isEqualTo(500);
                await().atMost(LONG).until(() -> slow.concurrentRequests() >= 2);
            } finally {
                relay.close();
            }
            assertThat(db.count("lease_owner IS NULL AND state = 'PENDING'")).isEqualTo(1500);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRoundWhoseCommitFailsSendsNoneOfItsRowsAndWritesItsOutcomesInALaterRound(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        int n = 300;
        Events.commit(db.dataSource, "retry", n);
        // The first claim does not commit (its rows must not be sent), nor does the first delete
        // (its rows stay leased to this relay and are deleted by a later round, not sent again).
        FaultyDataSource faulty =
                new FaultyDataSource(db.dataSource).failCommitsAfter("attempts = attempts + 1", "DELETE FROM");
        try (FakeIngest ingest = FakeIngest.start();
                OutboxRelay relay = relay(faulty.dataSource(), ingest).build().start()) {
            await().atMost(LONG).until(() -> db.rows() == 0);
            await().atMost(LONG).until(() -> relay.stats().delivered() == n);
            assertThat(faulty.failedCommits()).isEqualTo(2);
            assertThat(relay.stats().databaseErrors()).isEqualTo(2);
            assertThat(relay.stats().claimed()).isEqualTo(n);
            List<ReceivedEvent> received = ingest.events();
            assertThat(received).hasSize(n);
            assertThat(Events.sessions(received)).hasSize(n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deletesOnlyTheAcceptedRowsOfARoundAndParksTheRejectedOnes(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        int n = 1000;
        Events.commit(db.dataSource, "mixed", n);
        try (FakeIngest ingest = FakeIngest.start()) {
            // One poison row in each of several batches (the client isolates one per batch, by halves).
            Set<String> poison = Set.of("mixed-5", "mixed-250", "mixed-251", "mixed-777", "mixed-999");
            ingest.rejectEvents(e -> poison.contains(e.sessionId()));
            try (OutboxRelay relay = relay(db.dataSource, ingest).build().start()) {
                await().atMost(LONG).until(() -> db.count("state = 'FAILED'") == poison.size());
                await().atMost(LONG)
                        .until(() -> relay.stats().delivered() == n - poison.size()
                                && relay.stats().parked() == poison.size());
            }
            assertThat(db.rows()).isEqualTo(poison.size());
            Set<String> left = new HashSet<>();
            try (Connection c = db.dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT event, last_error FROM pagent_outbox");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    left.add(EventJson.decode(r.getString(1)).sessionId());
                    assertThat(r.getString(2)).startsWith("pagent 400 ");
                }
            }
            assertThat(left).isEqualTo(poison);
            List<ReceivedEvent> received = ingest.events();
            assertThat(received).hasSize(n - poison.size());
            assertThat(Events.sessions(received)).hasSize(n - poison.size()).doesNotContainAnyElementsOf(poison);
        }
    }
}
