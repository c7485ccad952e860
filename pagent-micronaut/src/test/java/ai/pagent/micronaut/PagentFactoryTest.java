package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.VariableCarriers;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagentFactoryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ApplicationContext run(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ApplicationContext.run(properties);
    }

    /** The startup failure's own message: the ConfigurationException inside Micronaut's wrapping. */
    private static Throwable rootCause(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException) {
                return cause;
            }
        }
        throw new AssertionError("no ConfigurationException in", t);
    }

    @Test
    void aMissingKeyStopsStartupSayingWhatToSet() {
        assertThatThrownBy(() -> run("pagent.endpoint", "https://ingest.example.com"))
                .satisfies(e -> {
                    Throwable cause = rootCause(e);
                    assertThat(cause).isInstanceOf(ConfigurationException.class);
                    assertThat(cause.getMessage())
                            .contains("PAGENT_API_KEY")
                            .contains("pagent.enabled=false")
                            .contains("pagent.dry-run=true");
                });
    }

    @Test
    void aBlankKeyIsMissingToo() {
        assertThatThrownBy(() -> run("pagent.api-key", "  "))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("PAGENT_API_KEY"));
    }

    @Test
    void disabledCreatesNothing() {
        try (ApplicationContext context = run("pagent.enabled", "false")) {
            assertThat(context.findBean(PagentClient.class)).isEmpty();
            assertThat(context.findBean(ConversionTracker.class)).isEmpty();
            assertThat(context.findBean(VariableCarriers.class)).isEmpty();
            assertThat(context.findBean(PagentServerFilter.class)).isEmpty();
        }
    }

    @Test
    void dryRunNeedsNoKey() {
        try (ApplicationContext context = run("pagent.dry-run", "true")) {
            PagentClient client = context.getBean(PagentClient.class);
            assertThat(client.track(Conversion.builder()
                            .sessionId("s")
                            .userId("u")
                            .conversionId(Http.CONVERSION_ID)
                            .build()))
                    .isTrue();
        }
    }

    @Test
    void reportsEveryInvalidValueByItsKey() {
        assertThatThrownBy(() -> run(
                        "pagent.api-key", "k",
                        "pagent.batch.max-size", "500",
                        "pagent.queue.capacity", "0",
                        "pagent.http.read-timeout", "-1s",
                        "pagent.http.max-in-flight", "0",
                        "pagent.retry.max-attempts", "1000",
                        "pagent.retry.initial-backoff", "10s",
                        "pagent.retry.max-backoff", "1s",
                        "pagent.goals.checkout", "not-a-uuid"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("pagent.batch.max-size must be between 1 and 100, got 500")
                        .contains("pagent.queue.capacity must be between 1 and 10000000, got 0")
                        .contains("pagent.http.read-timeout must be positive")
                        .contains("pagent.http.max-in-flight must be between 1 and 64, got 0")
                        .contains("pagent.retry.max-attempts must be between 1 and 100, got 1000")
                        .contains("pagent.retry.max-backoff must be at least pagent.retry.initial-backoff")
                        .contains("pagent.goals.checkout must be the goal's conversion id (a UUID)"));
    }

    @Test
    void rejectsAPlainHttpEndpointThatIsNotLoopback() {
        assertThatThrownBy(() -> run("pagent.api-key", "k", "pagent.endpoint", "http://ingest.example.com"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .startsWith("invalid pagent configuration")
                        .contains("endpoint"));
    }

    @Test
    void rejectsBadCarrierNames() {
        assertThatThrownBy(() -> run("pagent.dry-run", "true", "pagent.variables.json-header", "X Bad"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("pagent.variables")
                        .contains("jsonHeader"));
    }

    @Test
    void neverShowsTheKeyInAnError() {
        assertThatThrownBy(() -> run("pagent.api-key", "secret-key-123", "pagent.batch.max-size", "0"))
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("secret-key-123");
                    }
                });
    }

    @Test
    void appliesTheConfiguredNamesAndSettings() {
        try (ApplicationContext context = run(
                "pagent.dry-run", "true",
                "pagent.queue.capacity", "3",
                "pagent.variables.json-header", "X-Shop-Pgnt")) {
            assertThat(context.getBean(VariableCarriers.class).jsonHeader()).isEqualTo("X-Shop-Pgnt");
            PagentClient client = context.getBean(PagentClient.class);
            Conversion c = Conversion.builder()
                    .sessionId("s")
                    .userId("u")
                    .conversionId(Http.CONVERSION_ID)
                    .build();
            // Capacity 3 and a dispatcher that may already be draining: the fourth+ of a burst of
            // ten thousand cannot all fit.
            int queued = 0;
            for (int i = 0; i < 10_000; i++) {
                queued += client.track(c) ? 1 : 0;
            }
            assertThat(client.stats().dropped()).isPositive();
            assertThat(queued).isLessThan(10_000);
        }
    }

    @Test
    void theApplicationsOwnClientWins() {
        try (ApplicationContext context = run("test.user-client", "true")) {
            // No key is configured: had the factory built its client, startup would have failed.
            PagentClient client = context.getBean(PagentClient.class);
            assertThat(context.getBeansOfType(PagentClient.class)).hasSize(1);
            assertThat(context.getBean(ConversionTracker.class)).isNotNull();
            Conversion c = Conversion.builder()
                    .sessionId("s")
                    .userId("u")
                    .conversionId(Http.CONVERSION_ID)
                    .build();
            int queued = 0;
            for (int i = 0; i < 10_000; i++) {
                queued += client.track(c) ? 1 : 0;
            }
            assertThat(client.stats().dropped()).isPositive();
        }
    }

    @Test
    void closesTheClientWhenTheContextStops() {
        PagentClient client;
        try (ApplicationContext context = run("pagent.dry-run", "true")) {
            client = context.getBean(PagentClient.class);
            assertThat(client.stats().state()).isNotEqualTo(PagentStats.State.CLOSED);
        }
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.CLOSED);
    }

    @Test
    void customizersChangeTheBuilder() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("pagent.dry-run", "true"))
                .singletons((PagentClientCustomizer) builder -> builder.queueCapacity(1))
                .start()) {
            PagentClient client = context.getBean(PagentClient.class);
            Optional<PagentClientCustomizer> customizer = context.findBean(PagentClientCustomizer.class);
            assertThat(customizer).isPresent();
            Conversion c = Conversion.builder()
                    .sessionId("s")
                    .userId("u")
                    .conversionId(Http.CONVERSION_ID)
                    .build();
            for (int i = 0; i < 1_000; i++) {
                client.track(c);
            }
            assertThat(client.stats().dropped()).isPositive();
        }
    }

    @Test
    void whatTheStoppedContextCouldNotDeliverTheNextContextSendsFromTheSpoolDirectory(@TempDir Path dir)
            throws IOException {
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.outage(503);
            PagentClient first;
            try (ApplicationContext context = run(
                    spooled(ingest, dir, "pagent.spool.max-bytes", "1048576", "pagent.spool.fsync-interval", "0s"))) {
                first = context.getBean(PagentClient.class);
                assertThat(first.track(event("spooled-session"))).isTrue();
                ingest.awaitRequests(1, WAIT); // answered 503: the event is still waiting
                await().atMost(WAIT).until(() -> spooledBytes(dir) > 0);
            }
            assertThat(first.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
            assertThat(segments(dir)).hasSize(1);
            assertThat(ingest.acceptedCount()).isZero();
            ingest.endOutage();

            try (ApplicationContext context = run(spooled(ingest, dir))) {
                List<ReceivedEvent> events = ingest.awaitEvents(1, WAIT);
                assertThat(events).extracting(ReceivedEvent::sessionId).containsExactly("spooled-session");
                assertThat(context.getBean(PagentClient.class).stats().queued()).isEqualTo(1);
            }
        }
    }

    @Test
    void reportsBadSpoolValuesByTheirKey(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> run(
                        "pagent.dry-run", "true",
                        "pagent.spool.directory", dir.toString(),
                        "pagent.spool.max-bytes", "-1",
                        "pagent.spool.fsync-interval", "2m"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("pagent.spool.max-bytes must be at least 262144 (256 KiB), got -1")
                        .contains("pagent.spool.fsync-interval must be between 0 and 1 minute, got PT2M"));
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void aSmallButValidSpoolIsAccepted(@TempDir Path dir) {
        try (ApplicationContext context = run(
                "pagent.dry-run", "true",
                "pagent.spool.directory", dir.toString(),
                "pagent.spool.max-bytes", "262144")) {
            assertThat(context.getBean(PagentClient.class).track(event("s"))).isTrue();
        }
    }

    private static Object[] spooled(FakeIngest ingest, Path dir, Object... more) {
        List<Object> keyValues = new ArrayList<>(List.of(
                "pagent.api-key", ingest.apiKey(),
                "pagent.endpoint", ingest.endpoint().toString(),
                "pagent.batch.flush-interval", "50ms",
                "pagent.retry.initial-backoff", "5ms",
                "pagent.retry.max-backoff", "100ms",
                "pagent.http.read-timeout", "2s",
                "pagent.shutdown-timeout", "300ms",
                "pagent.spool.directory", dir.toString()));
        keyValues.addAll(List.of(more));
        return keyValues.toArray();
    }

    private static Conversion event(String sessionId) {
        return Conversion.builder()
                .sessionId(sessionId)
                .userId("u")
                .conversionId(Http.CONVERSION_ID)
                .build();
    }

    private static long spooledBytes(Path dir) throws IOException {
        long bytes = 0;
        for (Path segment : segments(dir)) {
            bytes += Files.size(segment);
        }
        return bytes;
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg"))
                    .toList();
        }
    }
}
