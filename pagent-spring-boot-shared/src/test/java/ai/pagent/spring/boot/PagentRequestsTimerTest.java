package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code pagent.requests} timer and {@code pagent.http.max-in-flight-limit}, in a real context with
 * Spring Boot's own metrics auto-configuration, against a {@link FakeIngest}.
 */
class PagentRequestsTimerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ApplicationContextRunner runner(FakeIngest ingest) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SpringBootLineClasses.METRICS_AUTO_CONFIGURATIONS))
                .withConfiguration(
                        AutoConfigurations.of(PagentAutoConfiguration.class, PagentMetricsAutoConfiguration.class))
                .withPropertyValues(
                        "pagent.api-key=" + ingest.apiKey(),
                        "pagent.endpoint=" + ingest.endpoint(),
                        "pagent.batch.flush-interval=20ms",
                        "pagent.retry.initial-backoff=5ms",
                        "pagent.retry.max-backoff=50ms");
    }

    private static Conversion event(int i) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user-" + i)
                .conversionId("3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34")
                .build();
    }

    @Test
    void timesEveryRealRequestByOutcome() {
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.latency(Duration.ofMillis(20)).failNext(503, 1);
            runner(ingest).run(context -> {
                PagentClient client = context.getBean(PagentClient.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);

                client.track(event(1));
                assertThat(client.flush(WAIT)).isTrue();

                Timer success = registry.get("pagent.requests")
                        .tag("outcome", "SUCCESS")
                        .timer();
                Timer serverError = registry.get("pagent.requests")
                        .tag("outcome", "SERVER_ERROR")
                        .timer();
                assertThat(success.count()).isEqualTo(1);
                assertThat(serverError.count()).isEqualTo(1);
                assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
                assertThat(registry.get("pagent.requests")
                                .tag("outcome", "UNKNOWN")
                                .timer()
                                .count())
                        .isZero();
                assertThat(ingest.requestCount()).isEqualTo(2);
            });
        }
    }

    @Test
    void maxInFlightLimitBoundsTheRequestsInFlight() {
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.latency(Duration.ofMillis(20));
            runner(ingest)
                    .withPropertyValues(
                            "pagent.batch.max-size=10",
                            "pagent.http.max-in-flight=1",
                            "pagent.http.max-in-flight-limit=3")
                    .run(context -> {
                        PagentClient client = context.getBean(PagentClient.class);
                        for (int i = 0; i < 600; i++) {
                            client.track(event(i));
                        }

                        assertThat(client.flush(WAIT)).isTrue();

                        assertThat(client.stats().accepted()).isEqualTo(600);
                        assertThat(ingest.maxConcurrentRequests()).isEqualTo(3);
                    });
        }
    }

    @Test
    void refusesABoundBelowMaxInFlightNamingTheProperty() {
        try (FakeIngest ingest = FakeIngest.start()) {
            runner(ingest)
                    .withPropertyValues("pagent.http.max-in-flight=4", "pagent.http.max-in-flight-limit=3")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        Throwable failure = context.getStartupFailure();
                        while (failure != null && !(failure instanceof BindValidationException)) {
                            failure = failure.getCause();
                        }
                        assertThat(failure)
                                .isNotNull()
                                .hasMessageContaining("maxInFlightLimit")
                                .hasMessageContaining("must be between pagent.http.max-in-flight (4) and 64");
                    });
        }
    }
}
