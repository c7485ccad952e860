package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code pagent.requests} timer and {@code pagent.http.max-in-flight-limit}, in a real Micronaut
 * context with micronaut-micrometer, against a {@link FakeIngest}.
 */
class RequestsTimerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Conversion event(int i) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user-" + i)
                .conversionId(Http.CONVERSION_ID)
                .build();
    }

    @Test
    void timesEveryRealRequestByOutcome() {
        try (FakeIngest ingest = FakeIngest.start();
                ApplicationContext context = ApplicationContext.run(Map.of(
                        "pagent.api-key", ingest.apiKey(),
                        "pagent.endpoint", ingest.endpoint().toString(),
                        "pagent.batch.flush-interval", "20ms",
                        "pagent.retry.initial-backoff", "5ms",
                        "pagent.retry.max-backoff", "50ms"))) {
            ingest.latency(Duration.ofMillis(20)).failNext(503, 1);
            PagentClient client = context.getBean(PagentClient.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            client.track(event(1));
            assertThat(client.flush(WAIT)).isTrue();

            Timer success =
                    registry.get("pagent.requests").tag("outcome", "SUCCESS").timer();
            assertThat(success.count()).isEqualTo(1);
            assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
            assertThat(registry.get("pagent.requests")
                            .tag("outcome", "SERVER_ERROR")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("pagent.requests")
                            .tag("outcome", "UNKNOWN")
                            .timer()
                            .count())
                    .isZero();
            assertThat(ingest.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void maxInFlightLimitBoundsTheRequestsInFlight() {
        try (FakeIngest ingest = FakeIngest.start();
                ApplicationContext context = ApplicationContext.run(Map.of(
                        "pagent.api-key", ingest.apiKey(),
                        "pagent.endpoint", ingest.endpoint().toString(),
                        "pagent.batch.flush-interval", "20ms",
                        "pagent.batch.max-size", "10",
                        "pagent.http.max-in-flight", "1",
                        "pagent.http.max-in-flight-limit", "3"))) {
            ingest.latency(Duration.ofMillis(20));
            PagentClient client = context.getBean(PagentClient.class);
            for (int i = 0; i < 600; i++) {
                client.track(event(i));
            }

            assertThat(client.flush(WAIT)).isTrue();

            assertThat(client.stats().accepted()).isEqualTo(600);
            assertThat(ingest.maxConcurrentRequests()).isEqualTo(3);
        }
    }

    @Test
    void refusesABoundBelowMaxInFlightNamingTheKey() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of(
                                "pagent.api-key", "k",
                                "pagent.http.max-in-flight", "4",
                                "pagent.http.max-in-flight-limit", "3"))
                        .close())
                .hasStackTraceContaining("pagent.http.max-in-flight-limit must be between 4 and 64, got 3");
    }
}
