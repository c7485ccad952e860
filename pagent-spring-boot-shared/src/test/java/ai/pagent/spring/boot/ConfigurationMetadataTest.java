package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

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
            "pagent.outbox.initialize-schema",
            "pagent.outbox.backlog-interval",
            "pagent.outbox.relay.poll-interval",
            "pagent.outbox.relay.lease-duration");

    @Test
    void describesEveryKeyOfTheDesign() throws IOException {
        Map<String, ConfigurationMetadataProperty> metadata = read();
        for (String key : KEYS) {
            assertThat(metadata).as(key).containsKey(key);
            assertThat(metadata.get(key).getDescription())
                    .as(key + " description")
                    .isNotBlank();
        }
    }

    @Test
    void documentsTheDefaults() throws IOException {
        Map<String, ConfigurationMetadataProperty> metadata = read();
        assertThat(metadata.get("pagent.batch.max-size").getDefaultValue()).isEqualTo(100);
        assertThat(metadata.get("pagent.batch.flush-interval").getDefaultValue())
                .isEqualTo("1s");
        assertThat(metadata.get("pagent.queue.capacity").getDefaultValue()).isEqualTo(10_000);
        assertThat(metadata.get("pagent.endpoint").getDefaultValue()).isEqualTo("https://ingest.pagent.ai");
        assertThat(metadata.get("pagent.enabled").getDefaultValue()).isEqualTo(true);
        assertThat(metadata.get("pagent.filter.url-patterns").getDefaultValue()).isEqualTo(new Object[] {"/*"});
    }

    @Test
    void documentsTheOutboxDefaults() throws IOException {
        Map<String, ConfigurationMetadataProperty> metadata = read();
        assertThat(metadata.get("pagent.outbox.enabled").getDefaultValue()).isEqualTo(false);
        assertThat(metadata.get("pagent.outbox.relay.enabled").getDefaultValue())
                .isEqualTo(true);
        assertThat(metadata.get("pagent.outbox.initialize-schema").getDefaultValue())
                .isEqualTo(false);
        assertThat(metadata.get("pagent.outbox.backlog-interval").getDefaultValue())
                .isEqualTo("10s");
        assertThat(metadata.get("pagent.outbox.relay.poll-interval").getDefaultValue())
                .isEqualTo("1s");
        assertThat(metadata.get("pagent.outbox.relay.lease-duration").getDefaultValue())
                .isEqualTo("1m");
    }

    /** The metadata as IDEs read it, with Spring Boot's own reader of the format. */
    private static Map<String, ConfigurationMetadataProperty> read() throws IOException {
        try (InputStream in =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            return ConfigurationMetadataRepositoryJsonBuilder.create(in).build().getAllProperties();
        }
    }
}
