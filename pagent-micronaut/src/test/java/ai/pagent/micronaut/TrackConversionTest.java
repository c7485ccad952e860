package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackConversionTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final FakeIngest ingest = FakeIngest.start();

    @Inject
    EmbeddedServer server;

    @Inject
    PagentClient client;

    @Inject
    ConversionTracker tracker;

    private Http http;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "micronaut.server.port",
                "-1",
                "pagent.api-key",
                ingest.apiKey(),
                "pagent.endpoint",
                ingest.endpoint().toString(),
                "pagent.batch.flush-interval",
                "20ms");
    }

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI());
        flush();
        ingest.reset();
    }

    @AfterAll
    void stopIngest() {
        ingest.close();
    }

    @Test
    void sendsOneEventWithTheResultsRevenueAndTheProperties() {
        HttpResponse<String> response = http.postJson(
                "/shop/checkout", "{\"plan\":\"pro\",\"cents\":4999}", "X-Pagent-Variables", Http.variablesJson("s-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        ReceivedEvent event = ingest.awaitEvents(1, WAIT).get(0);
        assertThat(event.sessionId()).isEqualTo("s-1");
        assertThat(event.userId()).isEqualTo("u-s-1");
        assertThat(event.conversionId()).isEqualTo(Http.CONVERSION_ID);
        assertThat(event.label()).isEqualTo("checkout");
        assertThat(event.revenue()).isEqualTo(4999L);
        assertThat(event.properties()).isEqualTo(Map.of("plan", "pro", "order", "o-4999"));
        flush();
        assertThat(ingest.events()).hasSize(1);
    }

    @Test
    void evaluatesGoalRevenueAndConditionOverTheArguments() {
        http.postJson(
                "/shop/expression",
                "{\"plan\":\"pro\",\"cents\":1500}",
                "X-Pagent-Variables",
                Http.variablesJson("s-2"));

        ReceivedEvent event = ingest.awaitEvents(1, WAIT).get(0);
        assertThat(event.label()).isEqualTo("checkout");
        assertThat(event.revenue()).isEqualTo(3000L);
    }

    @Test
    void sendsNothingWhenTheConditionIsFalse() {
        HttpResponse<String> response = http.postJson(
                "/shop/expression",
                "{\"plan\":\"pro\",\"cents\":999}",
                "X-Pagent-Variables",
                Http.variablesJson("s-3"));

        assertThat(response.statusCode()).isEqualTo(200);
        flush();
        assertThat(ingest.events()).isEmpty();
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
    }

    @Test
    void sendsNothingForA4xxResponse() {
        HttpResponse<String> response = http.postJson(
                "/shop/rejected", "{\"plan\":\"pro\",\"cents\":999}", "X-Pagent-Variables", Http.variablesJson("s-4"));

        assertThat(response.statusCode()).isEqualTo(422);
        flush();
        assertThat(ingest.events()).isEmpty();
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
    }

    @Test
    void sendsForA2xxResponseWithTheBodysRevenue() {
        HttpResponse<String> response = http.postJson(
                "/shop/created", "{\"plan\":\"pro\",\"cents\":1234}", "X-Pagent-Variables", Http.variablesJson("s-5"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(ingest.awaitEvents(1, WAIT).get(0).revenue()).isEqualTo(1234L);
    }

    @Test
    void sendsNothingWhenTheHandlerThrows() {
        HttpResponse<String> response = http.postJson(
                "/shop/fails", "{\"plan\":\"pro\",\"cents\":999}", "X-Pagent-Variables", Http.variablesJson("s-6"));

        assertThat(response.statusCode()).isEqualTo(500);
        flush();
        assertThat(ingest.events()).isEmpty();
        assertThat(client.stats().queued()).isEqualTo(queuedBefore);
    }

    @Test
    void sendsWhenACompletableFutureCompletes() {
        HttpResponse<String> response = http.postJson(
                "/shop/async", "{\"plan\":\"pro\",\"cents\":777}", "X-Pagent-Variables", Http.variablesJson("s-7"));

        assertThat(response.statusCode()).isEqualTo(200);
        ReceivedEvent event = ingest.awaitEvents(1, WAIT).get(0);
        assertThat(event.sessionId()).isEqualTo("s-7");
        assertThat(event.revenue()).isEqualTo(777L);
    }

    @Test
    void sendsNothingWhenTheFutureFails() {
        HttpResponse<String> response = http.postJson(
                "/shop/async-fails",
                "{\"plan\":\"pro\",\"cents\":777}",
                "X-Pagent-Variables",
                Http.variablesJson("s-8"));

        assertThat(response.statusCode()).isEqualTo(500);
        flush();
        assertThat(ingest.events()).isEmpty();
    }

    @Test
    void sendsWhenAMonoCompletes() {
        HttpResponse<String> response = http.postJson(
                "/shop/mono", "{\"plan\":\"pro\",\"cents\":555}", "X-Pagent-Variables", Http.variablesJson("s-9"));

        assertThat(response.statusCode()).isEqualTo(200);
        ReceivedEvent event = ingest.awaitEvents(1, WAIT).get(0);
        assertThat(event.sessionId()).isEqualTo("s-9");
        assertThat(event.revenue()).isEqualTo(555L);
    }

    @Test
    void sendsNothingWhenTheMonoFails() {
        HttpResponse<String> response = http.postJson(
                "/shop/mono-fails",
                "{\"plan\":\"pro\",\"cents\":555}",
                "X-Pagent-Variables",
                Http.variablesJson("s-10"));

        assertThat(response.statusCode()).isEqualTo(500);
        flush();
        assertThat(ingest.events()).isEmpty();
    }

    @Test
    void sendsOnceWhenAFluxCompletes() {
        HttpResponse<String> response = http.postJson(
                "/shop/flux", "{\"plan\":\"pro\",\"cents\":42}", "X-Pagent-Variables", Http.variablesJson("s-11"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("f1").contains("f2");
        assertThat(ingest.awaitEvents(1, WAIT).get(0).revenue()).isEqualTo(42L);
        flush();
        assertThat(ingest.events()).hasSize(1);
    }

    @Test
    void leavesTheResponseAloneWhenRevenueIsNotWholeCents() {
        long invalid = tracker.skipped().get(ConversionTracker.SkipReason.INVALID);

        HttpResponse<String> response = http.postJson(
                "/shop/fractional",
                "{\"plan\":\"pro\",\"cents\":999}",
                "X-Pagent-Variables",
                Http.variablesJson("s-12"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"orderId\":\"x\"");
        assertThat(tracker.skipped().get(ConversionTracker.SkipReason.INVALID)).isEqualTo(invalid + 1);
        flush();
        assertThat(ingest.events()).isEmpty();
    }

    @Test
    void leavesTheResponseAloneWhenTheResultIsNotIntrospected() {
        long invalid = tracker.skipped().get(ConversionTracker.SkipReason.INVALID);

        HttpResponse<String> response = http.postJson(
                "/shop/service", "{\"plan\":\"pro\",\"cents\":321}", "X-Pagent-Variables", Http.variablesJson("s-13"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":321");
        assertThat(tracker.skipped().get(ConversionTracker.SkipReason.INVALID)).isEqualTo(invalid + 1);
    }

    @Test
    void leavesTheResponseAloneWithoutVariables() {
        long missing = tracker.skipped().get(ConversionTracker.SkipReason.NO_VARIABLES);

        HttpResponse<String> response = http.postJson("/shop/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        assertThat(tracker.skipped().get(ConversionTracker.SkipReason.NO_VARIABLES))
                .isEqualTo(missing + 1);
    }

    @Test
    void leavesTheResponseAloneWhileTheIngestFails() {
        ingest.failNext(503, 1);

        HttpResponse<String> response = http.postJson(
                "/shop/checkout", "{\"plan\":\"pro\",\"cents\":10}", "X-Pagent-Variables", Http.variablesJson("s-14"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":10");
        // Retried after the 503, then accepted.
        List<ReceivedEvent> events = ingest.awaitEvents(1, WAIT);
        assertThat(events.get(0).sessionId()).isEqualTo("s-14");
    }

    private long queuedBefore;

    private void flush() {
        assertThat(client.flush(WAIT)).isTrue();
        queuedBefore = client.stats().queued();
    }
}
