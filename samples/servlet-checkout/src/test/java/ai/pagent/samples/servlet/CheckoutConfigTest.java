package ai.pagent.samples.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.samples.shop.ShopSettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckoutConfigTest {
    @Test
    void defaultsToTheLocalIngestOnLocalhost8080WithTheStandIn() {
        CheckoutConfig config = CheckoutConfig.from(Map.<String, String>of()::get);

        assertThat(config.apiKey()).isNull();
        assertThat(config.endpoint()).isNull();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.shop().standIn()).isTrue();
        assertThat(config.shop().checkoutGoal()).isEqualTo(ShopSettings.DEFAULT_GOAL);
    }

    @Test
    void readsEveryKey() {
        CheckoutConfig config = CheckoutConfig.from(Map.of(
                "pagent.api-key", " key-1 ",
                "pagent.endpoint", "https://ingest.example",
                "server.host", "0.0.0.0",
                "server.port", "0")::get);

        assertThat(config.apiKey()).isEqualTo("key-1");
        assertThat(config.endpoint()).isEqualTo(URI.create("https://ingest.example"));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isZero();
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertThat(CheckoutConfig.environmentName("pagent.api-key")).isEqualTo("PAGENT_API_KEY");
        assertThat(CheckoutConfig.environmentName("pagent.goals.checkout")).isEqualTo("PAGENT_GOALS_CHECKOUT");
    }

    @Test
    void theKeyNeverAppearsInToString() {
        CheckoutConfig config = CheckoutConfig.from(Map.of("pagent.api-key", "secret-key-123")::get);

        assertThat(config.toString()).doesNotContain("secret-key-123").contains("apiKey=set");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> CheckoutConfig.from(Map.of("server.port", "http")::get))
                .hasMessage("server.port must be a port number, was 'http'");
        assertThatThrownBy(() -> CheckoutConfig.from(Map.of("server.port", "70000")::get))
                .hasMessage("server.port must be 0 to 65535, was 70000");
        assertThatThrownBy(() -> CheckoutConfig.from(Map.of("pagent.endpoint", "http://a b")::get))
                .hasMessageStartingWith("pagent.endpoint is not a URL");
        assertThatThrownBy(() -> CheckoutConfig.from(Map.of("pagent.goals.checkout", "checkout")::get))
                .hasMessageStartingWith("pagent.goals.checkout must be a UUID");
    }
}
