package ai.pagent.samples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopSettingsTest {
    @Test
    void withoutConfigurationThePagesUseTheStandInAndTheSampleGoal() {
        ShopSettings settings = ShopSettings.from(Map.<String, String>of()::get);

        assertThat(settings.standIn()).isTrue();
        assertThat(settings.checkoutGoal()).isEqualTo(ShopSettings.DEFAULT_GOAL);
    }

    @Test
    void aScriptUrlReplacesTheStandIn() {
        ShopSettings settings = ShopSettings.from(Map.of(
                ShopSettings.SCRIPT_URL_KEY, " https://cdn.pagent.example/p.js ",
                ShopSettings.GOAL_KEY, "0B7E5A4C-6F1D-4D2B-8A3E-9C8D7E6F5A4B")::get);

        assertThat(settings.standIn()).isFalse();
        assertThat(settings.scriptUrl()).isEqualTo(URI.create("https://cdn.pagent.example/p.js"));
        assertThat(settings.checkoutGoal()).isEqualTo("0B7E5A4C-6F1D-4D2B-8A3E-9C8D7E6F5A4B");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ShopSettings.from(Map.of(ShopSettings.GOAL_KEY, "checkout")::get))
                .hasMessage("pagent.goals.checkout must be a UUID (the goal's id in pagent), was 'checkout'");
        assertThatThrownBy(() -> ShopSettings.from(Map.of(ShopSettings.SCRIPT_URL_KEY, "/p.js")::get))
                .hasMessage("pagent.script-url must be an absolute URL, was '/p.js'");
        assertThatThrownBy(() -> ShopSettings.from(Map.of(ShopSettings.SCRIPT_URL_KEY, "https://a b")::get))
                .hasMessageStartingWith("pagent.script-url is not a URL");
    }
}
