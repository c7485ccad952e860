package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health indicator against a real FakeIngest that refuses the key. {@code PagentHealthIndicator}
 * implements each Spring Boot line's own {@code HealthIndicator}, so each starter's subclass reads
 * it through its line's {@code Health}.
 */
public abstract class PagentHealthIndicatorScenarios {
    /** What a {@code Health} says: its status code, its details, and its {@code toString()}. */
    protected record HealthView(String status, Map<String, Object> details, String text) {}

    private final FakeIngest ingest = FakeIngest.builder().apiKey("pk_right").start();

    /** Asks {@code new PagentHealthIndicator(client)} for its health. */
    protected abstract HealthView health(PagentClient client);

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void isUpWhileSendingWorks() {
        try (PagentClient client = client(ingest.apiKey())) {
            client.track(event());
            assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

            HealthView health = health(client);
            assertThat(health.status()).isEqualTo("UP");
            assertThat(health.details()).containsEntry("state", "RUNNING");
        }
    }

    @Test
    void isDownWithTheReasonWhenPagentRefusesTheKey() {
        try (PagentClient client = client("pk_wrong_secret")) {
            client.track(event());

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> health(client).status().equals("DOWN"));
            HealthView health = health(client);
            assertThat(health.details()).containsEntry("state", "PAUSED_UNAUTHORIZED");
            assertThat(String.valueOf(health.details().get("problem"))).isNotBlank();
            assertThat(health.text()).doesNotContain("pk_wrong_secret");
        }
    }

    @Test
    void isOutOfServiceOnceTheClientIsClosed() {
        PagentClient client = client(ingest.apiKey());
        client.close();

        assertThat(health(client).status()).isEqualTo("OUT_OF_SERVICE");
    }

    private PagentClient client(String key) {
        return PagentClient.builder()
                .apiKey(key)
                .endpoint(ingest.endpoint())
                .flushInterval(Duration.ofMillis(20))
                .build();
    }

    private static Conversion event() {
        return Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId("7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f")
                .revenueCents(100)
                .build();
    }
}
