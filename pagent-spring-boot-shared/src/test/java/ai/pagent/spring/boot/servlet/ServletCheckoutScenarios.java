package ai.pagent.spring.boot.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.spring.boot.CheckoutScenarios;
import ai.pagent.spring.boot.Http;
import ai.pagent.spring.boot.test.PagentFakeIngest;
import ai.pagent.test.ReceivedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The checkout scenarios on a real Tomcat on a random port, with a real H2 transaction manager, and
 * what only a servlet app has: transactions, {@code CompletableFuture}, the helper script, health.
 * Each starter runs it with its own Spring Boot line.
 */
@SpringBootTest(
        classes = ServletCheckoutApp.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "pagent.goals.pinned=" + ServletCheckoutScenarios.PINNED,
            "management.endpoints.web.exposure.include=health"
        })
@PagentFakeIngest
public abstract class ServletCheckoutScenarios extends CheckoutScenarios {
    static final String PINNED = "0b7c3d9e-2f4a-4c6b-8e1d-3a5b7c9d1e2f";

    @Autowired
    ServletCheckoutApp.Orders orders;

    @Autowired
    MeterRegistry meters;

    /** The class name of the embedded server the application runs on. */
    protected abstract String webServerClassName();

    @Test
    void runsOnTomcat() {
        assertThat(webServerClassName()).contains("Tomcat");
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
}
