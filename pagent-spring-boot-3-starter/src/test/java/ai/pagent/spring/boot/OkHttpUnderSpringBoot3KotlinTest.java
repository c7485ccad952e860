package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.time.Duration;
import kotlin.KotlinVersion;
import okhttp3.OkHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * OkHttp 5 is built with Kotlin 2.1, and Spring Boot 3.5.7's dependency management gives its users
 * kotlin-stdlib 1.9.25. With exactly that pair on the classpath, the starter's client delivers over
 * real HTTP: a plain request, a dropped connection and a 503 retried on a new one.
 */
class OkHttpUnderSpringBoot3KotlinTest {
    private final FakeIngest ingest = FakeIngest.start();

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void theClasspathHasTheKotlinThatSpringBoot35ManagesNextToOkHttp5() {
        assertThat(KotlinVersion.CURRENT.toString()).isEqualTo("1.9.25");
        assertThat(OkHttp.VERSION).startsWith("5.");
    }

    @Test
    void theStartersClientDeliversThroughOkHttp5OnKotlin19() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PagentAutoConfiguration.class))
                .withPropertyValues(
                        "pagent.api-key=" + ingest.apiKey(),
                        "pagent.endpoint=" + ingest.endpoint(),
                        "pagent.batch.flush-interval=20ms",
                        "pagent.retry.initial-backoff=5ms",
                        "pagent.retry.max-backoff=50ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PagentClient client = context.getBean(PagentClient.class);

                    assertThat(client.track(event("first"))).isTrue();
                    assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

                    ingest.dropConnectionNext(1).failNext(503, 1);
                    assertThat(client.track(event("retried"))).isTrue();
                    assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

                    assertThat(ingest.events())
                            .extracting(ReceivedEvent::sessionId)
                            .containsExactly("first", "retried");
                    assertThat(ingest.requestCount()).isGreaterThanOrEqualTo(3);
                    assertThat(client.stats().accepted()).isEqualTo(2);
                    assertThat(client.stats().retried()).isPositive();
                    assertThat(client.stats().failed()).isZero();
                });
    }

    private static Conversion event(String sessionId) {
        return Conversion.builder()
                .sessionId(sessionId)
                .userId("u")
                .conversionId("7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f")
                .revenueCents(100)
                .build();
    }
}
