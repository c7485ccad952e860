package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The health indicator and the meters read the client's stats. */
class ObservabilityTest {

    private static HealthResult health(ApplicationContext context) {
        HealthIndicator indicator = context.getBeansOfType(HealthIndicator.class).stream()
                .filter(i -> i instanceof PagentHealthIndicator)
                .findFirst()
                .orElseThrow();
        return Mono.from(indicator.getResult()).block(Duration.ofSeconds(10));
    }

    @Test
    void countsEventsAndReportsHealth() {
        try (FakeIngest ingest = FakeIngest.start();
                ApplicationContext context = ApplicationContext.run(Map.of(
                        "pagent.api-key", ingest.apiKey(),
                        "pagent.endpoint", ingest.endpoint().toString(),
                        "pagent.batch.flush-interval", "20ms"))) {
            PagentClient client = context.getBean(PagentClient.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(health(context).getStatus()).isEqualTo(HealthStatus.UP);

            client.track(event());
            assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

            FunctionCounter accepted =
                    registry.get("pagent.events").tag("result", "accepted").functionCounter();
            assertThat(accepted.count()).isEqualTo(1.0);
            assertThat(registry.get("pagent.events")
                            .tag("result", "dropped")
                            .functionCounter()
                            .count())
                    .isEqualTo(0.0);
            Gauge queue = registry.get("pagent.queue.size").gauge();
            assertThat(queue.value()).isEqualTo(0.0);
            assertThat(registry.get("pagent.tracking.skipped")
                            .tag("reason", "no_variables")
                            .functionCounter()
                            .count())
                    .isEqualTo(0.0);

            // A key the ingest no longer accepts: sending pauses, health goes DOWN with the reason.
            ingest.rotateKey("another-key");
            client.track(event());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HealthResult result = health(context);
                assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
                assertThat(String.valueOf(result.getDetails())).contains("PAUSED_UNAUTHORIZED");
            });
            assertThat(String.valueOf(health(context).getDetails())).doesNotContain(ingest.apiKey());
        }
    }

    private static Conversion event() {
        return Conversion.builder()
                .sessionId("obs")
                .userId("u")
                .conversionId(Http.CONVERSION_ID)
                .build();
    }
}
