package ai.pagent.spring.boot.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentClient;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.boot.Http;
import ai.pagent.spring.boot.PagentOutboxRelay;
import ai.pagent.spring.boot.test.PagentFakeIngest;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@code @Transactional} checkout on a real Tomcat with a real database (subclasses: embedded
 * PostgreSQL, H2), {@code pagent.outbox.enabled=true}, the table created by {@code
 * initialize-schema} on the fresh database, the relay on, and a FakeIngest.
 */
@SpringBootTest(
        classes = OutboxCheckoutApp.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "pagent.outbox.enabled=true",
            "pagent.outbox.initialize-schema=true",
            "pagent.outbox.relay.poll-interval=100ms",
            "pagent.outbox.backlog-interval=200ms",
            "management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=always"
        })
@PagentFakeIngest
abstract class OutboxCheckoutTestBase {
    static final Duration LONG = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    FakeIngest ingest;

    @Autowired
    PagentClient client;

    @Autowired
    ConversionTracker tracker;

    @Autowired
    PagentOutboxRelay relay;

    @Autowired
    OutboxCheckoutApp.Orders orders;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    Http http;
    long queuedBefore;
    long deliveredBefore;
    ConversionTracker.Stats before;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        await().atMost(LONG).until(() -> orders.outboxRows() == 0);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
        queuedBefore = client.stats().queued();
        deliveredBefore = relay().stats().delivered();
        before = tracker.stats();
    }

    @Test
    void aCommittedCheckoutIsDeliveredExactlyOnceThroughTheOutbox() {
        HttpResponse<String> response = http.postJson("/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(client.stats().queued()).as("not the in-memory path").isEqualTo(queuedBefore);
        await().atMost(LONG).until(() -> relay().stats().delivered() == deliveredBefore + 1); // after its delete
        assertThat(orders.outboxRows()).isZero();
        List<ReceivedEvent> events = ingest.events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).sessionId()).isEqualTo(Http.SESSION);
        assertThat(events.get(0).conversionId()).isEqualTo(Http.GOAL_ID);
        assertThat(events.get(0).revenue()).isEqualTo(4999L);
        assertThat(events.get(0).properties()).isEqualTo(Map.of("plan", "pro"));
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked() + 1);
    }

    @Test
    void theTrackerWritesTheRowInsideTheTransactionBeforeItCommits() {
        HttpResponse<String> response = http.postJson("/checkout/tracker", "{\"plan\":\"basic\",\"cents\":1500}");

        assertThat(response.body()).isEqualTo("outbox rows seen in the transaction: 1");
        assertThat(ingest.awaitEvents(1, LONG))
                .extracting(ReceivedEvent::revenue)
                .containsExactly(1500L);
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
    }

    @Test
    void aRolledBackCheckoutIsNeverSent() {
        HttpResponse<String> declined = http.postJson("/checkout", "{\"plan\":\"declined\",\"cents\":700}");
        assertThat(declined.statusCode()).isEqualTo(500);
        assertThat(orders.count("declined")).isZero();

        // A later committed checkout is delivered; the rolled-back one never is.
        http.postJson("/checkout", "{\"plan\":\"marker\",\"cents\":1}");
        await().atMost(LONG).until(() -> relay().stats().delivered() == deliveredBefore + 1);
        assertThat(ingest.events()).extracting(ReceivedEvent::revenue).containsExactly(1L);
        assertThat(orders.outboxRows()).isZero();
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked() + 1);
    }

    @Test
    void outsideATransactionTheConversionTakesTheInMemoryPath() {
        HttpResponse<String> response = http.postJson("/quote", "{\"plan\":\"quote\",\"cents\":250}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(client.stats().queued()).isEqualTo(queuedBefore + 1);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(ingest.events()).extracting(ReceivedEvent::revenue).containsExactly(250L);
        assertThat(relay().stats().delivered()).isEqualTo(deliveredBefore);
    }

    @Test
    void anAsynchronousResultIsTrackedThroughMemoryAfterTheCommit() {
        HttpResponse<String> response = http.postJson("/checkout/async", "{\"plan\":\"async\",\"cents\":333}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(orders.count("async")).isEqualTo(1);
        assertThat(client.stats().queued()).as("the in-memory path").isEqualTo(queuedBefore + 1);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(ingest.events()).extracting(ReceivedEvent::revenue).containsExactly(333L);
        assertThat(relay().stats().delivered()).isEqualTo(deliveredBefore);
    }

    @Test
    void theRelayStartsBeforeAndStopsAfterTheWebServer() {
        Map<String, SmartLifecycle> lifecycles = context.getBeansOfType(SmartLifecycle.class);
        List<SmartLifecycle> webServer = lifecycles.values().stream()
                .filter(l -> l.getClass().getName().contains("WebServer"))
                .toList();
        assertThat(webServer).isNotEmpty();
        assertThat(webServer).allSatisfy(l -> assertThat(l.getPhase()).isGreaterThan(relay.getPhase()));
    }

    @Test
    void aFailedOutboxInsertFailsTheCheckoutsTransaction() {
        jdbc.execute("alter table pagent_outbox rename to pagent_outbox_moved");
        HttpResponse<String> response;
        try {
            response = http.postJson("/checkout", "{\"plan\":\"no-table\",\"cents\":900}");
        } finally {
            jdbc.execute("alter table pagent_outbox_moved rename to pagent_outbox");
        }

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .startsWith("database: BadSqlGrammarException")
                .contains("pagent_outbox");
        assertThat(orders.count("no-table")).as("the order rolled back").isZero();
        assertThat(tracker.stats().rejected()).isEqualTo(before.rejected() + 1);
        assertThat(client.stats().queued())
                .as("never silently sent from memory")
                .isEqualTo(queuedBefore);
    }

    @Test
    void healthAndMetersShowTheOutbox() {
        http.postJson("/checkout", "{\"plan\":\"pro\",\"cents\":10}");
        await().atMost(LONG).until(() -> relay().stats().delivered() == deliveredBefore + 1);

        HttpResponse<String> health = http.get("/actuator/health/pagentOutbox");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"status\":\"UP\"")
                .contains("\"pending\":")
                .contains("\"oldestPendingAge\":")
                .contains("\"relay\":\"" + relay().owner() + "\"")
                .contains("\"relayState\":\"RUNNING\"");
        await().atMost(LONG)
                .until(() -> meters.get("pagent.outbox.backlog").gauge().value() == 0.0);
        assertThat(meters.get("pagent.outbox.oldest.age").timeGauge().value()).isZero();
        assertThat(meters.get("pagent.outbox.relay.rows")
                        .tag("result", "delivered")
                        .functionCounter()
                        .count())
                .isEqualTo(deliveredBefore + 1);
    }

    @Test
    void aConversionPagentRejectsIsParkedAndShownByHealthAndMeters() {
        ingest.rejectEvents(e -> Long.valueOf(13L).equals(e.revenue()));
        long parkedBefore = relay().stats().parked();
        try {
            http.postJson("/checkout", "{\"plan\":\"poison\",\"cents\":13}");
            await().atMost(LONG).until(() -> relay().stats().parked() == parkedBefore + 1);

            assertThat(jdbc.queryForObject("select last_error from pagent_outbox where state = 'FAILED'", String.class))
                    .contains("rejected");
            await().atMost(LONG)
                    .until(() -> meters.get("pagent.outbox.failed").gauge().value() == 1.0);
            assertThat(http.get("/actuator/health/pagentOutbox").body())
                    .contains("\"failed\":1")
                    .contains("\"parked\":" + (parkedBefore + 1));
            assertThat(meters.get("pagent.outbox.relay.rows")
                            .tag("result", "parked")
                            .functionCounter()
                            .count())
                    .isEqualTo(parkedBefore + 1);
            assertThat(ingest.events()).isEmpty();
        } finally {
            jdbc.update("delete from pagent_outbox where state = 'FAILED'");
        }
    }

    private OutboxRelay relay() {
        return relay.relay().orElseThrow();
    }
}
