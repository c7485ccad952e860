package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The configuration metadata that IDEs read: every key of the design, each with a description. */
class ConfigurationMetadataTest {
    private static final List<String> KEYS = List.of(
            "pagent.enabled",
            "pagent.api-key",
            "pagent.endpoint",
            "pagent.goals",
            "pagent.batch.max-size",
            "pagent.batch.flush-interval",
            "pagent.queue.capacity",
            "pagent.http.connect-timeout",
            "pagent.http.read-timeout",
            "pagent.http.max-in-flight",
            "pagent.http.max-in-flight-limit",
            "pagent.retry.max-attempts",
            "pagent.retry.initial-backoff",
            "pagent.retry.max-backoff",
            "pagent.shutdown-timeout",
            "pagent.dry-run",
            "pagent.variables.json-header",
            "pagent.variables.session-id-header",
            "pagent.variables.user-id-header",
            "pagent.variables.visit-id-header",
            "pagent.variables.conversion-id-header",
            "pagent.variables.json-parameter",
            "pagent.variables.session-id-parameter",
            "pagent.variables.user-id-parameter",
            "pagent.variables.visit-id-parameter",
            "pagent.variables.conversion-id-parameter",
            "pagent.filter.enabled",
            "pagent.filter.order",
            "pagent.filter.url-patterns",
            "pagent.spool.directory",
            "pagent.spool.max-bytes",
            "pagent.spool.fsync-interval",
            "pagent.outbox.enabled",
            "pagent.outbox.relay.enabled",
            "pagent.outbox.initialize-schema");

    @Test
    void describesEveryKeyOfTheDesign() throws IOException {
        JsonNode metadata = read();
        for (String key : KEYS) {
            JsonNode property = property(metadata, key);
            assertThat(property).as(key).isNotNull();
            assertThat(property.path("description").asText())
                    .as(key + " description")
                    .isNotBlank();
        }
    }

    @Test
    void documentsTheDefaults() throws IOException {
        JsonNode metadata = read();
        assertThat(property(metadata, "pagent.batch.max-size")
                        .path("defaultValue")
                        .asInt())
                .isEqualTo(100);
        assertThat(property(metadata, "pagent.batch.flush-interval")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("1s");
        assertThat(property(metadata, "pagent.queue.capacity")
                        .path("defaultValue")
                        .asInt())
                .isEqualTo(10_000);
        assertThat(property(metadata, "pagent.endpoint").path("defaultValue").asText())
                .isEqualTo("https://ingest.pagent.ai");
        assertThat(property(metadata, "pagent.enabled").path("defaultValue").asBoolean())
                .isTrue();
        assertThat(property(metadata, "pagent.filter.url-patterns")
                        .path("defaultValue")
                        .get(0)
                        .asText())
                .isEqualTo("/*");
    }

    private static JsonNode property(JsonNode metadata, String name) {
        for (JsonNode p : metadata.path("properties")) {
            if (name.equals(p.path("name").asText())) {
                return p;
            }
        }
        return null;
    }

    private static JsonNode read() throws IOException {
        try (InputStream in =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
