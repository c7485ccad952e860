package ai.pagent.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link TrackConversion} and {@link ConversionTracker} in a plain Spring context (no Boot), with a
 * real H2 transaction manager and a FakeIngest. Reactive results take the variables from the
 * Reactor context, where {@link PagentWebFilter} puts them.
 */
class TrackConversionTest {
    static final PagentVariables VARIABLES =
            PagentVariables.of("sess-9", "user-9", null, "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f");

    static FakeIngest ingest;
    static AnnotationConfigApplicationContext context;
    static PagentClient client;
    static ConversionTracker tracker;
    static Shop shop;
    ConversionTracker.Stats before;

    @BeforeAll
    static void start() {
        ingest = FakeIngest.start();
        System.setProperty("test.ingest.endpoint", ingest.endpoint().toString());
        System.setProperty("test.ingest.key", ingest.apiKey());
        context = new AnnotationConfigApplicationContext(Config.class);
        client = context.getBean(PagentClient.class);
        tracker = context.getBean(ConversionTracker.class);
        shop = context.getBean(Shop.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        ingest.close();
    }

    @BeforeEach
    void reset() {
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
        before = tracker.stats();
    }

    @Test
    void aMonoIsTrackedOnceOnSuccessWithTheVariablesOfTheSubscribersContext() {
        StepVerifier.create(shop.checkout(4999).contextWrite(c -> c.put(PagentVariables.ATTRIBUTE, VARIABLES)))
                .expectNext(4999L)
                .verifyComplete();

        List<ReceivedEvent> events = delivered();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).sessionId()).isEqualTo("sess-9");
        assertThat(events.get(0).revenue()).isEqualTo(4999L);
        assertThat(events.get(0).properties()).isEqualTo(Map.of("items", 2L));
        assertThat(Shop.subscriptions.get()).isEqualTo(1);
    }

    @Test
    void aCancelledMonoSendsNothing() {
        StepVerifier.create(shop.never().contextWrite(c -> c.put(PagentVariables.ATTRIBUTE, VARIABLES)))
                .thenCancel()
                .verify(Duration.ofSeconds(10));

        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void aFluxIsTrackedWithTheListOfItsItems() {
        StepVerifier.create(shop.items().contextWrite(c -> c.put(PagentVariables.ATTRIBUTE, VARIABLES)))
                .expectNext("a", "b")
                .verifyComplete();

        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(2L);
    }

    @Test
    void aFailedFluxSendsNothing() {
        StepVerifier.create(shop.failingItems().contextWrite(c -> c.put(PagentVariables.ATTRIBUTE, VARIABLES)))
                .expectNext("a")
                .verifyError(IllegalStateException.class);

        assertThat(delivered()).isEmpty();
    }

    @Test
    void aSynchronousMethodOutsideARequestCountsMissingVariablesAndReturnsItsResult() {
        assertThat(shop.plain(12)).isEqualTo(12);

        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().noVariables()).isEqualTo(before.noVariables() + 1);
    }

    @Test
    void anExpressionThatFailsIsCountedAndTheResultReturned() {
        assertThat(shop.broken(5)).isEqualTo("five");

        assertThat(tracker.stats().invalid()).isEqualTo(before.invalid() + 1);
    }

    @Test
    void anExceptionPropagatesUntouched() {
        assertThatThrownBy(() -> shop.declined())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("declined");

        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void aFailedCompletableFutureSendsNothing() {
        CompletableFuture<Long> future = shop.asyncFailure();

        assertThat(future).isCompletedExceptionally();
        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void theTrackerQueuesAfterCommit() {
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        long queuedInside = tx.execute(status -> {
            long queuedBefore = client.stats().queued();
            assertThat(tracker.track(VARIABLES, "checkout", 700)).isTrue();
            return client.stats().queued() - queuedBefore;
        });

        assertThat(queuedInside).isZero();
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(700L);
    }

    @Test
    void theTrackerSendsNothingOnRollback() {
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        tx.executeWithoutResult(status -> {
            tracker.track(VARIABLES, "checkout", 700);
            status.setRollbackOnly();
        });

        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().tracked()).isEqualTo(before.tracked());
    }

    @Test
    void anAnnotatedServiceInsideARolledBackTransactionSendsNothing() {
        Orders orders = context.getBean(Orders.class);
        assertThatThrownBy(() -> orders.saveThenFail(VARIABLES)).isInstanceOf(IllegalStateException.class);

        assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from orders", Long.class))
                .isZero();
        assertThat(delivered()).isEmpty();
    }

    @Test
    void pinnedGoalsOverrideTheBrowsersConversionId() {
        assertThat(tracker.track(VARIABLES, "pinned", 1)).isTrue();

        assertThat(delivered()).extracting(ReceivedEvent::conversionId).containsExactly(Config.PINNED);
    }

    @Test
    void aGoalWithoutConversionIdIsInvalidAndSaysHowToFixIt() {
        PagentVariables unmatched = PagentVariables.of("s", "u", null, null);

        assertThat(tracker.track(unmatched, "checkout")).isFalse();
        assertThat(tracker.stats().invalid()).isEqualTo(before.invalid() + 1);
    }

    @Test
    void aClosedClientIsCountedAsRejected() {
        PagentClient closed = PagentClient.builder().dryRun(true).build();
        closed.close();
        ConversionTracker t = new ConversionTracker(closed);

        assertThat(t.track(VARIABLES, "checkout", 1)).isFalse();
        assertThat(t.stats().rejected()).isEqualTo(1);
    }

    @Test
    void onlyBeansWithAnAnnotatedMethodAreProxied() {
        assertThat(AopUtils.isAopProxy(shop)).isTrue();
        assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse();
    }

    @Test
    void badPinnedGoalsAreRefusedNamingTheGoal() {
        assertThatThrownBy(() -> ConversionTracker.builder(client).goal("checkout", "1-1-1-1-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goals.checkout must be a UUID");
    }

    private static List<ReceivedEvent> delivered() {
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        return ingest.events();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Config {
        static final String PINNED = "0b7c3d9e-2f4a-4c6b-8e1d-3a5b7c9d1e2f";

        @Bean(destroyMethod = "close")
        PagentClient pagentClient() {
            return PagentClient.builder()
                    .apiKey(System.getProperty("test.ingest.key"))
                    .endpoint(java.net.URI.create(System.getProperty("test.ingest.endpoint")))
                    .flushInterval(Duration.ofMillis(20))
                    .build();
        }

        @Bean
        ConversionTracker conversionTracker(PagentClient client) {
            return ConversionTracker.builder(client).goal("pinned", PINNED).build();
        }

        @Bean
        static TrackConversionBeanPostProcessor trackConversionBeanPostProcessor() {
            return new TrackConversionBeanPostProcessor();
        }

        @Bean
        DataSource dataSource() {
            return new DriverManagerDataSource("jdbc:h2:mem:track;DB_CLOSE_DELAY=-1", "sa", "");
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("create table if not exists orders (id bigint auto_increment primary key, cents bigint)");
            return jdbc;
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        Shop shop() {
            return new Shop();
        }

        @Bean
        Plain plain() {
            return new Plain();
        }

        @Bean
        Orders orders(JdbcTemplate jdbc, ConversionTracker tracker) {
            return new Orders(jdbc, tracker);
        }
    }

    static class Shop {
        // Static: a class proxy has its own (empty) fields.
        static final AtomicInteger subscriptions = new AtomicInteger();

        @TrackConversion(goal = "checkout", revenue = "#result", properties = "{items: 2}")
        Mono<Long> checkout(long cents) {
            return Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return Mono.just(cents);
            });
        }

        @TrackConversion(goal = "checkout")
        Mono<Long> never() {
            return Mono.never();
        }

        @TrackConversion(goal = "checkout", revenue = "#result.size()")
        Flux<String> items() {
            return Flux.just("a", "b");
        }

        @TrackConversion(goal = "checkout")
        Flux<String> failingItems() {
            return Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException("boom")));
        }

        @TrackConversion(goal = "checkout", revenue = "#cents")
        long plain(long cents) {
            return cents;
        }

        @TrackConversion(goal = "checkout", condition = "#noSuchVariable.length() > 1")
        String broken(int n) {
            return "five";
        }

        @TrackConversion(goal = "checkout")
        String declined() {
            throw new IllegalStateException("declined");
        }

        @TrackConversion(goal = "checkout")
        CompletableFuture<Long> asyncFailure() {
            return CompletableFuture.failedFuture(new IllegalStateException("declined"));
        }
    }

    static class Plain {
        String hello() {
            return "hello";
        }
    }

    static class Orders {
        private final JdbcTemplate jdbc;
        private final ConversionTracker tracker;

        Orders(JdbcTemplate jdbc, ConversionTracker tracker) {
            this.jdbc = jdbc;
            this.tracker = tracker;
        }

        @Transactional
        void saveThenFail(PagentVariables variables) {
            jdbc.update("insert into orders (cents) values (?)", 500);
            tracker.track(variables, "checkout", 500);
            throw new IllegalStateException("stock check failed");
        }
    }
}
