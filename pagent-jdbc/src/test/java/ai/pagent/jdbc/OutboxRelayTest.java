package ai.pagent.jdbc;

import static ai.pagent.jdbc.Events.event;
import static ai.pagent.jdbc.Events.relay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentStats;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The relay against a real database (H2, and PostgreSQL) and a real HTTP ingest on loopback. */
class OutboxRelayTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static FakeIngest ingest;

    @BeforeAll
    static void startIngest() {
        ingest = FakeIngest.start();
    }

    @AfterAll
    static void stopIngest() {
        ingest.close();
    }

    @BeforeEach
    void resetIngest() {
        ingest.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deliversACommittedConversionOnceAndDeletesItsRow(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            OutboxWriter.create().write(c, event("committed"));
            c.commit();
        }
        try (OutboxRelay relay = relay(db.dataSource, ingest).build().start()) {
            await().atMost(LONG).until(() -> db.rows() == 0);
            await().atMost(LONG).until(() -> relay.stats().delivered() == 1); // counted after the delete
        }
        List<ReceivedEvent> received = ingest.events();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).sessionId()).isEqualTo("committed");
        assertThat(received.get(0).revenue()).isEqualTo(999L);
        assertThat(received.get(0).json())
                .isEqualTo(ai.pagent.internal.WireFormat.toJson(event("committed").toBuilder()
                        .timeMillis(received.get(0).time().longValue())
                        .build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void neverSendsAConversionWhoseTransactionRolledBack(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            OutboxWriter.create().write(c, event("rolled-back"));
            c.rollback();
            OutboxWriter.create().write(c, event("marker"));
            c.commit();
        }
        try (OutboxRelay relay = relay(db.dataSource, ingest).build().start()) {
            await().atMost(LONG).until(() -> db.rows() == 0);
        }
        assertThat(Events.sessions(ingest.events())).containsExactly("marker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void threeRelaysDeliverTenThousandRowsWithoutDuplicates(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        int n = 10_000;
        Events.commit(db.dataSource, "bulk", n);
        ingest.countOnly(false);
        long started = System.nanoTime();
        List<OutboxRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                relays.add(
                        relay(db.dataSource, ingest).owner("relay-" + i).build().start());
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> db.rows() == 0);
        } finally {
            relays.forEach(OutboxRelay::close);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<ReceivedEvent> received = ingest.events();
        Set<String> distinct = Events.sessions(received);
        long duplicates = received.size() - distinct.size();
        System.out.printf(
                "[%s] 3 relays, %d rows: %d received, %d distinct, %d duplicates, %.1f s (%.0f events/s); per relay %s%n",
                kind,
                n,
                received.size(),
                distinct.size(),
                duplicates,
                seconds,
                n / seconds,
                relays.stream().map(r -> r.stats().delivered()).toList());
        assertThat(distinct).hasSize(n);
        assertThat(duplicates).isZero();
        assertThat(relays.stream().mapToLong(r -> r.stats().delivered()).sum()).isEqualTo(n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void parksARowThatPagentRejectsWithTheServersErrorAndDeliversTheRest(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        ingest.rejectEvents(e -> e.sessionId().equals("poison"));
        Events.commit(db.dataSource, "good", 7);
        try (Connection c = db.dataSource.getConnection()) {
            OutboxWriter.create().write(c, event("poison")); // auto-commit
        }
        try (OutboxRelay relay = relay(db.dataSource, ingest).build().start()) {
            await().atMost(LONG).until(() -> db.count("state = 'FAILED'") == 1 && db.rows() == 1);
            await().atMost(LONG)
                    .until(() -> relay.stats().parked() == 1 && relay.stats().delivered() == 7);
            long requests = ingest.requestCount();
            // Parked for good: later rounds of the relay do not send it again.
            await().pollDelay(Duration.ofMillis(300))
                    .atMost(LONG)
                    .until(() -> relay.stats().claimed() == 8);
            assertThat(ingest.requestCount()).isEqualTo(requests);
        }
        try (Connection c = db.dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT event, last_error, attempts, lease_owner FROM pagent_outbox WHERE state = 'FAILED'");
                ResultSet r = s.executeQuery()) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).contains("\"session_id\":\"poison\"");
            assertThat(r.getString(2)).startsWith("pagent 400 ").contains("rejected");
            assertThat(r.getInt(3)).isEqualTo(1);
            assertThat(r.getString(4)).isNull();
        }
        assertThat(Events.sessions(ingest.events())).hasSize(7).doesNotContain("poison");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void parksRowsThatHoldNoValidEventAndReportsWhy(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        db.execute("INSERT INTO pagent_outbox (event, created_at) VALUES ('not json at all', 1)");
        db.execute("INSERT INTO pagent_outbox (event, created_at) VALUES ('{\"session_id\": 5}', 1)");
        Events.commit(db.dataSource, "fine", 2);
        try (OutboxRelay relay = relay(db.dataSource, ingest).build().start()) {
            await().atMost(LONG).until(() -> db.count("state = 'FAILED'") == 2 && db.rows() == 2);
            await().atMost(LONG).until(() -> relay.stats().parked() == 2);
        }
        assertThat(db.count("last_error LIKE 'undecodable event: not JSON%'")).isEqualTo(1);
        assertThat(db.count("last_error = 'undecodable event: session_id: must be a string'"))
                .isEqualTo(1);
        assertThat(Events.sessions(ingest.events())).containsExactlyInAnyOrder("fine-0", "fine-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void releasesRowsWhoseDeliveryFailedForAPassingReasonAndDeliversThemLater(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        Events.commit(db.dataSource, "later", 3);
        ingest.failNext(500, 2);
        try (OutboxRelay relay = relay(db.dataSource, ingest)
                .client(Events.client(ingest).maxAttempts(2))
                .retryDelay(Duration.ofMillis(300))
                .build()
                .start()) {
            await().atMost(LONG).until(() -> db.rows() == 0);
            assertThat(relay.stats().released()).isEqualTo(3);
            assertThat(relay.stats().claimed()).isEqualTo(6);
            await().atMost(LONG).until(() -> relay.stats().delivered() == 3);
        }
        assertThat(Events.sessions(ingest.events())).containsExactlyInAnyOrder("later-0", "later-1", "later-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void closingReleasesTheRowsItsClientCouldNotDeliverForAnotherRelay(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        Events.commit(db.dataSource, "held", 10);
        // An ingest of its own: the slow requests abandoned at close must not reach other tests.
        try (FakeIngest slow = FakeIngest.start()) {
            slow.latency(Duration.ofSeconds(5));
            OutboxRelay first = relay(db.dataSource, slow)
                    .client(Events.client(slow).shutdownTimeout(Duration.ofMillis(200)))
                    .owner("first")
                    .build()
                    .start();
            await().atMost(LONG).until(() -> db.count("lease_owner = 'first'") == 10);
            first.close();
            assertThat(db.count("lease_owner IS NULL AND lease_until IS NULL AND state = 'PENDING'"))
                    .isEqualTo(10);
            assertThat(first.stats().released()).isEqualTo(10);
        }
        try (OutboxRelay second = relay(db.dataSource, ingest).build().start()) {
            await().atMost(LONG).until(() -> db.rows() == 0);
            await().atMost(LONG).until(() -> second.stats().delivered() == 10);
        }
        assertThat(Events.sessions(ingest.events())).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reportsTheBacklogWhilePagentRefusesTheKey(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        Instant written = Instant.parse("2026-01-02T03:04:05Z");
        OutboxWriter writer = OutboxWriter.create(Clock.fixed(written, ZoneOffset.UTC));
        try (Connection c = db.dataSource.getConnection()) {
            writer.write(c, event("a"));
            writer.write(c, event("b"));
            writer.write(c, event("c"));
        }
        db.execute("UPDATE pagent_outbox SET state = 'FAILED' WHERE id = (SELECT MIN(id) FROM pagent_outbox)");
        OutboxRelay built = relay(db.dataSource, ingest).build(); // with the key the ingest takes now
        ingest.rotateKey("another-key");
        try (OutboxRelay relay = built.start()) {
            await().atMost(LONG)
                    .untilAsserted(() -> assertThat(relay.clientStats().state())
                            .as("%s, %s", relay.stats(), relay.clientStats())
                            .isEqualTo(PagentStats.State.PAUSED_UNAUTHORIZED));
            await().atMost(LONG)
                    .until(() -> relay.backlog().map(OutboxBacklog::pending).orElse(-1L) == 2);
            OutboxBacklog backlog = relay.backlog().orElseThrow();
            assertThat(backlog.failed()).isEqualTo(1);
            assertThat(backlog.oldestPending()).contains(written);
            assertThat(backlog.oldestPendingAge(written.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        }
        try (Connection c = db.dataSource.getConnection()) {
            OutboxBacklog now = OutboxBacklog.read(c);
            assertThat(now.pending()).isEqualTo(2);
            assertThat(now.failed()).isEqualTo(1);
        }
        assertThat(ingest.events()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reportsAnEmptyBacklogWithoutAnOldestRow(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        try (Connection c = db.dataSource.getConnection()) {
            OutboxBacklog backlog = OutboxBacklog.read(c);
            assertThat(backlog.pending()).isZero();
            assertThat(backlog.failed()).isZero();
            assertThat(backlog.oldestPending()).isEqualTo(Optional.empty());
            assertThat(backlog.oldestPendingAge(Instant.now())).isZero();
        }
    }
}
