package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentClient;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.test.FakeIngest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What {@code pagent.outbox.*} switches on and off, each in an application of its own (H2). */
class OutboxWiringTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private FakeIngest ingest;

    @BeforeEach
    void startIngest() {
        ingest = FakeIngest.start();
    }

    @AfterEach
    void stopIngest() {
        ingest.close();
    }

    private ApplicationContext start(OutboxDatabase db, String... keyValues) {
        Map<String, Object> properties = new HashMap<>(db == null ? Map.of() : db.dataSourceProperties());
        properties.putAll(Map.of(
                "test.outbox",
                db == null ? "false" : "true",
                "micronaut.server.port",
                "-1",
                "pagent.api-key",
                ingest.apiKey(),
                "pagent.endpoint",
                ingest.endpoint().toString(),
                "pagent.batch.flush-interval",
                "20ms",
                "pagent.outbox.enabled",
                "true",
                "pagent.outbox.backlog-interval",
                "100ms",
                "pagent.outbox.relay.poll-interval",
                "50ms"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    private static Http http(ApplicationContext context) {
        return new Http(context.getBean(EmbeddedServer.class).getURI());
    }

    private static String[] variables(String session) {
        return new String[] {"X-Pagent-Variables", Http.variablesJson(session)};
    }

    @Test
    void aFailedInsertReachesTheApplicationAndRollsTheOrderBack() {
        OutboxDatabase db = OutboxDatabase.h2(); // no outbox table: every insert fails
        try (ApplicationContext context = start(db, "pagent.outbox.relay.enabled", "false")) {
            Http http = http(context);

            assertThat(http.postJson("/outbox/checkout?cents=100", "{}", variables("fail-1"))
                            .statusCode())
                    .isEqualTo(500);
            assertThat(http.postJson("/outbox/track?cents=200", "{}", variables("fail-2"))
                            .statusCode())
                    .isEqualTo(500);
            assertThat(db.count("orders")).as("both orders rolled back").isZero();

            HttpRequest<?> request =
                    HttpRequest.POST("/outbox/track", "").header("X-Pagent-Variables", Http.variablesJson("fail-3"));
            OutboxCheckout checkout = context.getBean(OutboxCheckout.class);
            java.util.concurrent.Callable<Long> call = () -> checkout.checkout(300, false);
            assertThatThrownBy(() -> ServerRequestContext.with(request, call))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("checkout")
                    .hasMessageContaining("pagent_outbox")
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(db.count("orders")).isZero();
            assertThat(context.getBean(PagentClient.class).flush(WAIT)).isTrue();
            assertThat(ingest.events())
                    .as("nothing fell back to the in-memory queue")
                    .isEmpty();
        }
    }

    @Test
    void withTheRelayOffRowsWaitForAnotherInstance() {
        OutboxDatabase db = OutboxDatabase.h2();
        try (ApplicationContext context =
                start(db, "pagent.outbox.relay.enabled", "false", "pagent.outbox.initialize-schema", "true")) {
            assertThat(http(context)
                            .postJson("/outbox/checkout?cents=900", "{}", variables("waits"))
                            .statusCode())
                    .isEqualTo(200);

            assertThat(context.findBean(OutboxRelay.class)).isEmpty();
            assertThat(db.count("pagent_outbox")).isEqualTo(1);
            assertThat(context.getBean(PagentClient.class).flush(WAIT)).isTrue();
            assertThat(ingest.events()).isEmpty();
        }
        assertThat(db.count("pagent_outbox")).as("closing sends nothing").isEqualTo(1);

        try (ApplicationContext other = start(db)) { // the relay is on by default
            assertThat(ingest.awaitEvents(1, WAIT).get(0).sessionId()).isEqualTo("waits");
            await().atMost(WAIT).until(() -> db.count("pagent_outbox") == 0);
            assertThat(other.getBean(OutboxRelay.class).stats().delivered()).isEqualTo(1);
        }
    }

    @Test
    void initializeSchemaCreatesTheTableOnlyWhenAsked() {
        OutboxDatabase db = OutboxDatabase.h2();
        try (ApplicationContext context = start(db, "pagent.outbox.relay.enabled", "false")) {
            assertThat(context.findBean(OutboxSchemaInitializer.class)).isEmpty();
            assertThat(db.hasOutboxTable()).isFalse();
        }
        try (ApplicationContext context = start(db, "pagent.outbox.initialize-schema", "true")) {
            assertThat(context.getBean(OutboxSchemaInitializer.class).created()).isTrue();
            assertThat(db.hasOutboxTable()).isTrue();
        }
        try (ApplicationContext context = start(db, "pagent.outbox.initialize-schema", "true")) {
            assertThat(context.getBean(OutboxSchemaInitializer.class).created())
                    .as("a second start finds the table")
                    .isFalse();
        }
    }

    @Test
    void healthAndMetersShowTheBacklogTheRelayCannotDeliver() {
        OutboxDatabase db = OutboxDatabase.h2();
        try (ApplicationContext context = start(db, "pagent.outbox.initialize-schema", "true")) {
            String applicationKey = ingest.apiKey();
            ingest.rotateKey("a-key-the-application-does-not-have");
            Http http = http(context);
            for (int i = 0; i < 3; i++) {
                assertThat(http.postJson("/outbox/checkout?cents=10" + i, "{}", variables("backlog-" + i))
                                .statusCode())
                        .isEqualTo(200);
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(registry.get("pagent.outbox.backlog").gauge().value())
                        .isEqualTo(3.0);
                assertThat(registry.get("pagent.outbox.oldest.age").timeGauge().value(TimeUnit.MILLISECONDS))
                        .isPositive();
                HealthResult health = health(context);
                assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
                @SuppressWarnings("unchecked")
                Map<String, Object> outbox =
                        (Map<String, Object>) ((Map<String, Object>) health.getDetails()).get("outbox");
                assertThat(outbox).containsEntry("pending", 3L).containsEntry("relayState", "PAUSED_UNAUTHORIZED");
            });
            assertThat(registry.get("pagent.outbox.failed").gauge().value()).isZero();
            assertThat(db.count("pagent_outbox")).isEqualTo(3);
            assertThat(String.valueOf(health(context).getDetails())).doesNotContain(applicationKey);
        }
    }

    private static HealthResult health(ApplicationContext context) {
        HealthIndicator indicator = context.getBeansOfType(HealthIndicator.class).stream()
                .filter(i -> i instanceof PagentHealthIndicator)
                .findFirst()
                .orElseThrow();
        return Mono.from(indicator.getResult()).block(Duration.ofSeconds(10));
    }

    @Test
    void withoutADataSourceTheApplicationStartsAsWithoutTheOutbox() {
        try (ApplicationContext context = start(null)) {
            assertThat(context.findBean(DataSource.class)).isEmpty();
            assertThat(context.findBean(OutboxRelay.class)).isEmpty();
            assertThat(context.findBean(OutboxTracking.class)).isEmpty();
            ConversionTracker tracker = context.getBean(ConversionTracker.class);
            assertThat(tracker.track(
                            ai.pagent.PagentVariables.parse(Http.variablesJson("no-db")), "checkout", 500L, null))
                    .isTrue();
            assertThat(ingest.awaitEvents(1, WAIT).get(0).sessionId()).isEqualTo("no-db");
            assertThat(health(context).getDetails().toString()).doesNotContain("outbox");
        }
    }

    @Test
    void relayCustomizersAndKeysReachTheRelay() {
        OutboxDatabase db = OutboxDatabase.h2();
        try (ApplicationContext context = start(db, "pagent.outbox.initialize-schema", "true")) {
            assertThat(context.getBean(OutboxRelay.class).owner()).isEqualTo(NamedRelay.OWNER);
        }
        assertThatThrownBy(() -> start(
                        db, "pagent.outbox.relay.lease-duration", "100ms", "pagent.outbox.relay.poll-interval", "0s"))
                .satisfies(e -> assertThat(rootMessage(e))
                        .contains("pagent.outbox.relay.lease-duration must be at least 300ms")
                        .contains("pagent.outbox.relay.poll-interval must be positive"));
    }

    private static String rootMessage(Throwable t) {
        Throwable last = t;
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            last = cause;
        }
        return last.getMessage();
    }

    @Test
    void theRelayStopsBeforeTheDataSourceCloses() {
        OutboxDatabase db = OutboxDatabase.h2();
        ShutdownOrder.DESTROYED.clear();
        ApplicationContext context =
                start(db, "pagent.outbox.initialize-schema", "true", "test.outbox.shutdown-order", "true");
        assertThat(context.getBean(OutboxRelay.class)).isNotNull();

        context.close();

        assertThat(ShutdownOrder.DESTROYED).containsExactly("relay", "dataSource");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("pagent-outbox-relay") && t.isAlive());
    }
}
