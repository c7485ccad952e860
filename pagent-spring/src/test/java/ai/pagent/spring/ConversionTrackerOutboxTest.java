package ai.pagent.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.jdbc.OutboxSchema;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ConversionTracker} with an outbox, on real H2 databases with Spring's {@link
 * DataSourceTransactionManager}: inside a transaction the row is written on the transaction's
 * connection before the commit, and goes with a rollback; outside one, or in a transaction of
 * another database, the in-memory path delivers to a FakeIngest.
 */
class ConversionTrackerOutboxTest {
    static final PagentVariables VARIABLES =
            PagentVariables.of("sess-outbox", "user-outbox", null, "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f");

    static FakeIngest ingest;
    static PagentClient client;
    static DataSource shop;
    static DataSource other;
    static JdbcTemplate jdbc;
    static TransactionTemplate transaction;
    static TransactionTemplate otherTransaction;
    static ConversionTracker tracker;
    ConversionTracker.Stats before;
    long queuedBefore;

    @BeforeAll
    static void start() throws Exception {
        ingest = FakeIngest.start();
        client = PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(URI.create(ingest.endpoint().toString()))
                .flushInterval(Duration.ofMillis(20))
                .build();
        shop = new DriverManagerDataSource("jdbc:h2:mem:outbox-shop;DB_CLOSE_DELAY=-1", "sa", "");
        other = new DriverManagerDataSource("jdbc:h2:mem:outbox-other;DB_CLOSE_DELAY=-1", "sa", "");
        OutboxSchema.initialize(shop);
        jdbc = new JdbcTemplate(shop);
        jdbc.execute("create table orders (id bigint auto_increment primary key, cents bigint)");
        transaction = new TransactionTemplate(new DataSourceTransactionManager(shop));
        otherTransaction = new TransactionTemplate(new DataSourceTransactionManager(other));
        tracker = ConversionTracker.builder(client).outbox(shop).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        ingest.close();
    }

    @BeforeEach
    void reset() {
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
        jdbc.update("delete from pagent_outbox");
        jdbc.update("delete from orders");
        before = tracker.stats();
        queuedBefore = client.stats().queued();
    }

    @Test
    void insideATransactionTheRowIsWrittenOnItsConnectionBeforeTheCommit() {
        long[] seenInside = new long[3];
        transaction.executeWithoutResult(status -> {
            jdbc.update("insert into orders (cents) values (?)", 4999);
            assertThat(tracker.track(VARIABLES, "checkout", 4999)).isTrue();
            seenInside[0] = rows(); // the same connection: sees its own uncommitted row
            seenInside[1] = tracker.stats().tracked() - before.tracked();
            seenInside[2] = client.stats().queued() - queuedBefore;
        });

        assertThat(seenInside[0]).as("row visible inside the transaction").isEqualTo(1);
        assertThat(seenInside[1])
                .as("tracked is counted at the commit, not before")
                .isZero();
        assertThat(seenInside[2]).as("nothing queued in memory").isZero();
        assertThat(rows()).isEqualTo(1);
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked() + 1);
        assertThat(jdbc.queryForObject("select event from pagent_outbox", String.class))
                .contains("\"session_id\":\"sess-outbox\"")
                .contains("\"revenue\":4999")
                .contains("\"label\":\"checkout\"");
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
        assertThat(delivered()).isEmpty();
    }

    @Test
    void aRollbackRemovesTheConversionWithTheOrder() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    jdbc.update("insert into orders (cents) values (?)", 500);
                    tracker.track(VARIABLES, "checkout", 500);
                    throw new IllegalStateException("stock check failed");
                }))
                .hasMessage("stock check failed");

        assertThat(jdbc.queryForObject("select count(*) from orders", Long.class))
                .isZero();
        assertThat(rows()).isZero();
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked());
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
        assertThat(delivered()).isEmpty();
    }

    @Test
    void outsideATransactionTheConversionTakesTheInMemoryPath() {
        assertThat(tracker.track(VARIABLES, "checkout", 1200)).isTrue();

        assertThat(rows()).isZero();
        assertThat(client.stats().queued()).isEqualTo(queuedBefore + 1);
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(1200L);
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked() + 1);
    }

    @Test
    void aFailedInsertIsThrownToTheTransactionWhichRollsBack() {
        jdbc.execute("alter table pagent_outbox rename to pagent_outbox_away");
        try {
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                        jdbc.update("insert into orders (cents) values (?)", 700);
                        tracker.track(VARIABLES, "checkout", 700);
                    }))
                    .isInstanceOf(BadSqlGrammarException.class)
                    .hasMessageContaining("pagent_outbox");
        } finally {
            jdbc.execute("alter table pagent_outbox_away rename to pagent_outbox");
        }

        assertThat(jdbc.queryForObject("select count(*) from orders", Long.class))
                .as("the order rolled back with the failed insert")
                .isZero();
        assertThat(tracker.stats().rejected()).isEqualTo(before.rejected() + 1);
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked());
        assertThat(client.stats().queued()).as("never silently moved to memory").isEqualTo(queuedBefore);
    }

    @Test
    void aTransactionOfAnotherDatabaseIsNotJoinedTheConversionIsQueuedAfterItsCommit() {
        long[] queuedInside = new long[1];
        otherTransaction.executeWithoutResult(status -> {
            assertThat(tracker.track(VARIABLES, "checkout", 300)).isTrue();
            queuedInside[0] = client.stats().queued() - queuedBefore;
        });

        assertThat(queuedInside[0]).as("deferred to the commit").isZero();
        assertThat(rows()).isZero();
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(300L);
    }

    @Test
    void aRolledBackTransactionOfAnotherDatabaseSendsNothing() {
        otherTransaction.executeWithoutResult(status -> {
            tracker.track(VARIABLES, "checkout", 300);
            status.setRollbackOnly();
        });

        assertThat(rows()).isZero();
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
        assertThat(delivered()).isEmpty();
    }

    @Test
    void aTrackerWithoutAnOutboxNeverWritesTheTable() {
        ConversionTracker memoryOnly = new ConversionTracker(client);
        transaction.executeWithoutResult(status -> memoryOnly.track(VARIABLES, "checkout", 50));

        assertThat(rows()).isZero();
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(50L);
    }

    private static long rows() {
        Long n = jdbc.queryForObject("select count(*) from pagent_outbox", Long.class);
        return n == null ? 0 : n;
    }

    private static List<ReceivedEvent> delivered() {
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        return ingest.events();
    }
}
