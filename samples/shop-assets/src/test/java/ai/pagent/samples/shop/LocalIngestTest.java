package ai.pagent.samples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalIngestTest {
    @Test
    void withAKeyThereIsNoLocalIngest() {
        assertThat(LocalIngest.startUnless("a-key")).isNull();
    }

    @Test
    void withoutAKeyAClientPointedAtItDeliversAndTheDevPageShowsItAll() {
        try (LocalIngest local = LocalIngest.startUnless(" ")) {
            assertThat(local).isNotNull();
            assertThat(local.endpoint().getHost()).isEqualTo("127.0.0.1");
            try (PagentClient client = PagentClient.builder()
                    .apiKey(local.apiKey())
                    .endpoint(local.endpoint())
                    .build()) {
                client.track(Conversion.builder()
                        .sessionId("s_1")
                        .userId("u_1")
                        .conversionId(ShopSettings.DEFAULT_GOAL)
                        .label("checkout")
                        .revenueCents(1250)
                        .build());
                assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

                String page = local.devPage(client);

                assertThat(local.events())
                        .singleElement()
                        .satisfies(e -> assertThat(e.sessionId()).isEqualTo("s_1"));
                assertThat(page)
                        .contains("<td class=\"session\">s_1</td>")
                        .contains("<td class=\"revenue\">1250</td>")
                        .contains("<td id=\"stats-accepted\">1</td>")
                        .contains("<td id=\"stats-queued\">1</td>")
                        .contains(local.endpoint().toString());
            }
        }
    }
}
