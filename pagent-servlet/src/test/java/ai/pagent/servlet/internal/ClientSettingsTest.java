package ai.pagent.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.PagentClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    static final Map<String, String> NO_ENV = Map.of();

    @Test
    void withoutAKeyTheMessageSaysWhatToSet() {
        assertThatThrownBy(() -> ClientSettings.fromContext(Map.<String, String>of()::get, NO_ENV::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PAGENT_API_KEY")
                .hasMessageContaining("pagent.api-key")
                .hasMessageContaining("pagent.dry-run=true")
                .hasMessageContaining("pagent.enabled=false");
    }

    @Test
    void theEnvironmentKeyConfiguresTheClient() {
        assertThat(ClientSettings.isConfigured(Map.<String, String>of()::get, Map.of("PAGENT_API_KEY", "k")::get))
                .isTrue();
        assertThat(ClientSettings.isConfigured(Map.<String, String>of()::get, NO_ENV::get))
                .isFalse();
    }

    @Test
    void dryRunNeedsNoKey() {
        try (PagentClient client = ClientSettings.fromContext(Map.of("pagent.dry-run", "true")::get, NO_ENV::get)) {
            assertThat(client).isNotNull();
            assertThat(client.toString()).contains("dryRun");
        }
    }

    @Test
    void disabledMeansNoClient() {
        assertThat(ClientSettings.fromContext(Map.of("pagent.enabled", "false")::get, NO_ENV::get))
                .isNull();
    }

    @Test
    void anInvalidEndpointIsReportedWithoutTheKey() {
        assertThatThrownBy(() -> ClientSettings.fromContext(
                        Map.of("pagent.api-key", "secret-key-123", "pagent.endpoint", "http://example.com")::get,
                        NO_ENV::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pagent:")
                .hasMessageNotContaining("secret-key-123");
    }
}
