package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The health indicator against a real FakeIngest that refuses the key. */
class PagentHealthIndicatorTest {
    private final FakeIngest ingest = FakeIngest.builder().apiKey("pk_right").start();

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void isUpWhileSendingWorks() {
        try (PagentClient client = client(ingest.apiKey())) {
            client.track(event());
            assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

            Health health = new PagentHealthIndicator(client).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "RUNNING");
        }
    }

    @Test
    void isDownWithTheReasonWhenPagentRefusesTheKey() {
        try (PagentClient client = client("pk_wrong_secret")) {
            client.track(event());
            PagentHealthIndicator indicator = new PagentHealthIndicator(client);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> indicator.health().getStatus() == Status.DOWN);
            Health health = indicator.health();
            assertThat(health.getDetails()).containsEntry("state", "PAUSED_UNAUTHORIZED");
            assertThat(String.valueOf(health.getDetails().get("problem"))).isNotBlank();
            assertThat(health.toString()).doesNotContain("pk_wrong_secret");
        }
    }

    @Test
    void isOutOfServiceOnceTheClientIsClosed() {
        PagentClient client = client(ingest.apiKey());
        client.close();

        assertThat(new PagentHealthIndicator(client).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
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
