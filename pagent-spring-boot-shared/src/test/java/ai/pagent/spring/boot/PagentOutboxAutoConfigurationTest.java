package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentVariables;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxWriter;
import ai.pagent.spring.ConversionTracker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's auto-configuration on real H2 databases, with the runner Spring Boot documents. Runs
 * in both starters: the health types and the DataSource auto-configurations differ per line, so the
 * health is read through its status code and the auto-configurations come from {@code
 * SpringBootLineClasses}.
 */
class PagentOutboxAutoConfigurationTest {
    private static final AtomicInteger databases = new AtomicInteger();
    private static final PagentVariables VARIABLES =
            PagentVariables.of("sess-1", "user-1", null, "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpringBootLineClasses.DATA_SOURCE_AUTO_CONFIGURATIONS))
            .withConfiguration(AutoConfigurations.of(
                    PagentAutoConfiguration.class,
                    PagentOutboxAutoConfiguration.class,
                    PagentOutboxHealthAutoConfiguration.class))
            .withPropertyValues("pagent.api-key=pk_test_123", "pagent.dry-run=true", "pagent.shutdown-timeout=2s");

    private static String freshDatabase() {
        return "spring.datasource.url=jdbc:h2:mem:outboxconfig" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void isOffByDefault() {
        runner.withPropertyValues(freshDatabase()).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ConversionTracker.class);
            assertThat(context).doesNotHaveBean(PagentOutboxRelay.class);
            assertThat(context).doesNotHaveBean(PagentOutboxBacklog.class);
            // There is no outbox table: a tracker that used the outbox would fail here.
            inTransaction(
                    context, () -> context.getBean(ConversionTracker.class).track(VARIABLES, "checkout", 100));
            assertThat(tableExists(context)).isFalse();
        });
    }

    @Test
    void needsPagentJdbcOnTheClasspath() {
        runner.withPropertyValues(freshDatabase(), "pagent.outbox.enabled=true")
                .withClassLoader(new FilteredClassLoader(OutboxRelay.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ConversionTracker.class);
                    assertThat(context).doesNotHaveBean(PagentOutboxRelay.class);
                });
    }

    @Test
    void needsADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(PagentAutoConfiguration.class, PagentOutboxAutoConfiguration.class))
                .withPropertyValues("pagent.api-key=pk_test_123", "pagent.outbox.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ConversionTracker.class);
                    assertThat(context).doesNotHaveBean(PagentOutboxRelay.class);
                });
    }

    @Test
    void initializeSchemaCreatesTheTableOnTheApplicationsDatabase() {
        runner.withPropertyValues(
                        freshDatabase(),
                        "pagent.outbox.enabled=true",
                        "pagent.outbox.relay.enabled=false",
                        "pagent.outbox.initialize-schema=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(OutboxSchemaInitializer.class).created())
                            .isTrue();
                    assertThat(tableExists(context)).isTrue();
                });
    }

    @Test
    void withoutInitializeSchemaTheTableIsLeftToTheMigrations() {
        runner.withPropertyValues(freshDatabase(), "pagent.outbox.enabled=true", "pagent.outbox.relay.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(OutboxSchemaInitializer.class);
                    assertThat(tableExists(context)).isFalse();
                });
    }

    @Test
    void withTheRelayOffRowsStayAndHealthAndMetersShowTheBacklog() {
        runner.withPropertyValues(
                        freshDatabase(),
                        "pagent.outbox.enabled=true",
                        "pagent.outbox.relay.enabled=false",
                        "pagent.outbox.initialize-schema=true")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(PagentOutboxRelay.class);
                    ConversionTracker tracker = context.getBean(ConversionTracker.class);
                    inTransaction(context, () -> {
                        tracker.track(VARIABLES, "checkout", 100);
                        tracker.track(VARIABLES, "checkout", 200);
                    });
                    // A row written an hour ago: the oldest's age.
                    try (Connection c = context.getBean(DataSource.class).getConnection()) {
                        OutboxWriter.create(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))
                                .write(
                                        c,
                                        ai.pagent.Conversion.builder()
                                                .variables(VARIABLES)
                                                .label("checkout")
                                                .build());
                    }
                    assertThat(rows(context)).isEqualTo(3);
                    assertThat(Thread.getAllStackTraces().keySet())
                            .noneMatch(t -> t.getName().startsWith("pagent-outbox-relay"));

                    var health =
                            context.getBean(PagentOutboxHealthIndicator.class).health();
                    assertThat(health.getStatus().getCode()).isEqualTo("UP");
                    assertThat(health.getDetails())
                            .containsEntry("pending", 3L)
                            .containsEntry("failed", 0L)
                            .containsEntry("relay", "disabled in this instance");
                    assertThat(Duration.parse((String) health.getDetails().get("oldestPendingAge")))
                            .isGreaterThanOrEqualTo(Duration.ofHours(1));

                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    new PagentOutboxMetrics(context.getBean(PagentOutboxBacklog.class), null).bindTo(meters);
                    assertThat(meters.get("pagent.outbox.backlog").gauge().value())
                            .isEqualTo(3.0);
                    assertThat(meters.get("pagent.outbox.failed").gauge().value())
                            .isZero();
                    assertThat(meters.get("pagent.outbox.oldest.age")
                                    .timeGauge()
                                    .value(TimeUnit.MINUTES))
                            .isGreaterThanOrEqualTo(60.0);
                    assertThat(rows(context)).as("nothing relayed them").isEqualTo(3);
                });
    }

    @Test
    void theBacklogIsCountedAtMostOncePerInterval() {
        runner.withPropertyValues(
                        freshDatabase(),
                        "pagent.outbox.enabled=true",
                        "pagent.outbox.relay.enabled=false",
                        "pagent.outbox.initialize-schema=true",
                        "pagent.outbox.backlog-interval=1h")
                .run(context -> {
                    PagentOutboxBacklog backlog = context.getBean(PagentOutboxBacklog.class);
                    assertThat(backlog.current())
                            .get()
                            .extracting(b -> b.pending())
                            .isEqualTo(0L);
                    inTransaction(
                            context,
                            () -> context.getBean(ConversionTracker.class).track(VARIABLES, "checkout", 100));
                    assertThat(rows(context)).isEqualTo(1);
                    assertThat(backlog.current())
                            .as("the count of the last hour, not a query per read")
                            .get()
                            .extracting(b -> b.pending())
                            .isEqualTo(0L);
                });
    }

    @Test
    void healthIsDownNamingTheProblemWhenTheTableIsMissing() {
        runner.withPropertyValues(freshDatabase(), "pagent.outbox.enabled=true", "pagent.outbox.relay.enabled=false")
                .run(context -> {
                    var health =
                            context.getBean(PagentOutboxHealthIndicator.class).health();
                    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
                    assertThat(((String) health.getDetails().get("backlogProblem")).toLowerCase(Locale.ROOT))
                            .contains("pagent_outbox");
                });
    }

    @Test
    void theRelayRunsByDefaultAndStopsWithTheContext() {
        runner.withPropertyValues(freshDatabase(), "pagent.outbox.enabled=true", "pagent.outbox.initialize-schema=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PagentOutboxRelay relay = context.getBean(PagentOutboxRelay.class);
                    assertThat(relay.isRunning()).isTrue();
                    assertThat(relay.relay()).isPresent();
                    context.getSourceApplicationContext().close();
                    assertThat(relay.isRunning()).isFalse();
                    assertThat(relay.relay()).isEmpty();
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> Thread.getAllStackTraces().keySet().stream()
                                    .noneMatch(t -> t.getName().startsWith("pagent-outbox-relay")));
                });
    }

    @Test
    void aWrongRelaySettingStopsStartupNamingTheProperty() {
        runner.withPropertyValues(
                        freshDatabase(), "pagent.outbox.enabled=true", "pagent.outbox.relay.lease-duration=100ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("outbox.relay.leaseDuration")
                            .hasMessageContaining("at least 300ms");
                });
    }

    private static void inTransaction(AssertableApplicationContext context, Runnable work) {
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> work.run());
    }

    private static boolean tableExists(AssertableApplicationContext context) throws Exception {
        try (Connection c = context.getBean(DataSource.class).getConnection();
                ResultSet r = c.getMetaData().getTables(null, null, "PAGENT_OUTBOX", null)) {
            return r.next();
        }
    }

    private static long rows(AssertableApplicationContext context) throws Exception {
        try (Connection c = context.getBean(DataSource.class).getConnection();
                ResultSet r = c.createStatement().executeQuery("select count(*) from pagent_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }
}
