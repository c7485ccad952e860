package ai.pagent.spring.boot.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.boot.Http;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** A real Tomcat on a random port, a real H2 transaction manager, and a FakeIngest. */
@SpringBootTest(
        classes = ServletCheckoutApp.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "pagent.goals.pinned=" + ServletCheckoutTest.PINNED,
            "management.endpoints.web.exposure.include=health"
        })
@PagentFakeIngest
class ServletCheckoutTest {
    static final String PINNED = "0b7c3d9e-2f4a-4c6b-8e1d-3a5b7c9d1e2f";

    @LocalServerPort
    int port;

    @Autowired
    FakeIngest ingest;

    @Autowired
    PagentClient client;

    @Autowired
    ConversionTracker tracker;

    @Autowired
    ServletCheckoutApp.Orders orders;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebServerApplicationContext context;

    Http http;
    ConversionTracker.Stats before;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
        before = tracker.stats();
    }

    @Test
    void runsOnTomcat() {
        assertThat(context.getWebServer().getClass().getName()).contains("Tomcat");
    }

    @Test
    void aCheckoutCarryingTheVariablesSendsExactlyOneEventWithTheRevenueOfTheResult() {
        HttpResponse<String> response = http.postJson("/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        List<ReceivedEvent> events = delivered();
        assertThat(events).hasSize(1);
        ReceivedEvent event = events.get(0);
        assertThat(event.sessionId()).isEqualTo(Http.SESSION);
        assertThat(event.userId()).isEqualTo(Http.USER);
        assertThat(event.conversionId()).isEqualTo(Http.GOAL_ID);
        assertThat(event.label()).isEqualTo("checkout");
        assertThat(event.revenue()).isEqualTo(4999L);
        assertThat(event.properties()).isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void aFormCarryingTheVariablesInAHiddenFieldIsTrackedAfterTheHandlerReadItsForm() {
        HttpResponse<String> response = http.postForm("/checkout-form", "cents=1500&" + Http.formVariables());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("thanks for 1500");
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(1500L);
    }

    @Test
    void aPinnedGoalSendsItsConfiguredConversionId() {
        http.postJson("/pinned", "{}");

        assertThat(delivered()).extracting(ReceivedEvent::conversionId).containsExactly(PINNED);
    }

    @Test
    void a2xxResponseEntityIsTrackedWithItsBodyAsResult() {
        HttpResponse<String> response = http.postJson("/accepted", "{\"plan\":\"pro\",\"cents\":700}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(700L);
    }

    @Test
    void a4xxResponseEntitySendsNothing() {
        HttpResponse<String> response = http.postJson("/rejected", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void anExceptionSendsNothing() {
        HttpResponse<String> response = http.postJson("/fails", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void aFalseConditionSendsNothingAndCountsASkip() {
        HttpResponse<String> response = http.postJson("/conditional", "{\"plan\":\"pro\",\"cents\":999}");

        assertThat(response.body()).isEqualTo("ok 999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().skipped()).isEqualTo(before.skipped() + 1);

        http.postJson("/conditional", "{\"plan\":\"pro\",\"cents\":1001}");
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(1001L);
    }

    @Test
    void aCommittedTransactionSendsTheEventAfterTheCommit() {
        HttpResponse<String> response = http.postJson("/tx/commit", "{\"plan\":\"committed\",\"cents\":2500}");

        assertThat(response.body()).isEqualTo("queued during transaction: 0");
        assertThat(orders.count("committed")).isEqualTo(1);
        List<ReceivedEvent> events = delivered();
        assertThat(events).extracting(ReceivedEvent::revenue).containsExactly(2500L);
        assertThat(events.get(0).properties()).isEqualTo(Map.of("source", "service"));
    }

    @Test
    void aRolledBackTransactionSendsNothing() {
        HttpResponse<String> response = http.postJson("/tx/rollback", "{\"plan\":\"rolled-back\",\"cents\":2500}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(orders.count("rolled-back")).isZero();
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked());
    }

    @Test
    void aFractionalRevenueIsCountedAndTheResponseIsUntouched() {
        HttpResponse<String> response = http.postJson("/fractional", "{\"plan\":\"pro\",\"cents\":999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":999").contains("\"total\":9.99");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().invalid()).isEqualTo(before.invalid() + 1);
    }

    @Test
    void aRequestWithoutVariablesIsCountedAndTheResponseIsUntouched() {
        HttpResponse<String> response = http.postJsonWithoutVariables("/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().noVariables()).isEqualTo(before.noVariables() + 1);
    }

    @Test
    void aCompletableFutureIsTrackedOnCompletion() {
        HttpResponse<String> response = http.postJson("/async", "{\"plan\":\"pro\",\"cents\":3100}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ingest.awaitEvents(1, Duration.ofSeconds(20)))
                .extracting(ReceivedEvent::revenue)
                .containsExactly(3100L);
    }

    @Test
    void theProgrammaticTrackerUsesTheRequestsVariables() {
        HttpResponse<String> response = http.postJson("/programmatic", "{\"plan\":\"pro\",\"cents\":1200}");

        assertThat(response.body()).isEqualTo("queued true");
        assertThat(delivered())
                .extracting(ReceivedEvent::sessionId, ReceivedEvent::revenue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Http.SESSION, 1200L));
    }

    @Test
    void theFilterServesTheBrowserHelperScript() {
        HttpResponse<String> response = http.get("/_pagent/forward.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(response.body()).contains("pagentForward");
    }

    @Test
    void healthAndMetersReadTheClientsStats() {
        http.postJson("/checkout", "{\"plan\":\"pro\",\"cents\":100}");
        assertThat(delivered()).hasSize(1);

        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(meters.get("pagent.events")
                        .tag("result", "accepted")
                        .functionCounter()
                        .count())
                .isEqualTo(client.stats().accepted());
        assertThat(meters.get("pagent.tracking")
                        .tag("outcome", "tracked")
                        .functionCounter()
                        .count())
                .isEqualTo(tracker.stats().tracked());
        assertThat(meters.get("pagent.queue.size").gauge().value()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "{\"session_id\":\"\",\"user_id\":\"u\"}",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"not-a-uuid\"}",
                "[1,2,3]",
                "null"
            })
    void malformedVariablesAreIgnoredAndTheResponseIsUntouched(String junk) {
        HttpResponse<String> response =
                http.postJsonWithHeader("/checkout", "{\"plan\":\"pro\",\"cents\":4999}", "X-Pagent-Variables", junk);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().noVariables()).isEqualTo(before.noVariables() + 1);
    }

    @Test
    void anOversizedVariablesHeaderIsIgnored() {
        String huge = "{\"session_id\":\"" + "s".repeat(5000) + "\",\"user_id\":\"u\"}";
        HttpResponse<String> response =
                http.postJsonWithHeader("/checkout", "{\"plan\":\"pro\",\"cents\":1}", "X-Pagent-Variables", huge);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(delivered()).isEmpty();
    }

    /** Everything tracked so far, once the client has delivered it. */
    private List<ReceivedEvent> delivered() {
        // flush returns once every event tracked before it was answered, so the ingest has them all.
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        return ingest.events();
    }
}
