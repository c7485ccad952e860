package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.servlet.PagentFilter;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.PagentWebFilter;
import ai.pagent.spring.TrackConversion;
import ai.pagent.spring.TrackConversionBeanPostProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of the auto-configuration, with the runners Spring Boot documents. */
class PagentAutoConfigurationTest {
    private static final String KEY = "pagent.api-key=pk_test_123";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PagentAutoConfiguration.class,
                    PagentHealthAutoConfiguration.class,
                    PagentMetricsAutoConfiguration.class));

    @Test
    void createsTheClientTrackerAndAdvisorWithDefaults() {
        runner.withPropertyValues(KEY).run(context -> {
            assertThat(context).hasSingleBean(PagentClient.class);
            assertThat(context).hasSingleBean(ConversionTracker.class);
            assertThat(context).hasSingleBean(TrackConversionBeanPostProcessor.class);
            PagentProperties properties = context.getBean(PagentProperties.class);
            assertThat(properties.getBatch().getMaxSize()).isEqualTo(100);
            assertThat(properties.getBatch().getFlushInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getQueue().getCapacity()).isEqualTo(10_000);
            assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(6);
            assertThat(properties.getEndpoint()).hasToString("https://ingest.pagent.ai");
            assertThat(context.getBean(PagentClient.class).toString()).doesNotContain("pk_test_123");
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            assertThat(context).doesNotHaveBean(PagentWebFilter.class);
        });
    }

    @Test
    void readsTheKeyFromPagentApiKeyWhenThePropertyIsNotSet() {
        runner.withPropertyValues("PAGENT_API_KEY=pk_env")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PagentClient.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnClient() {
        runner.withUserConfiguration(OwnClient.class).run(context -> {
            assertThat(context).hasSingleBean(PagentClient.class);
            assertThat(context.getBean(PagentClient.class)).isSameAs(context.getBean(OwnClient.class).client);
            assertThat(context.getBean(ConversionTracker.class).client()).isSameAs(context.getBean(PagentClient.class));
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnTracker() {
        runner.withPropertyValues(KEY)
                .withUserConfiguration(OwnTracker.class)
                .run(context -> assertThat(context.getBean(ConversionTracker.class))
                        .isSameAs(context.getBean(OwnTracker.class).tracker));
    }

    @Test
    void pagentEnabledFalseTurnsEverythingOff() {
        runner.withPropertyValues("pagent.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(PagentClient.class);
            assertThat(context).doesNotHaveBean(ConversionTracker.class);
            assertThat(context).doesNotHaveBean(TrackConversionBeanPostProcessor.class);
            assertThat(context).doesNotHaveBean(PagentHealthIndicator.class);
            assertThat(context).doesNotHaveBean(PagentMetrics.class);
        });
    }

    @Test
    void aMissingKeyStopsStartupWithAMessageThatSaysWhatToSet() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingApiKeyException.class);
            FailureAnalysis analysis = new MissingApiKeyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("no API key");
            assertThat(analysis.getAction())
                    .contains("PAGENT_API_KEY")
                    .contains("pagent.enabled=false")
                    .contains("pagent.dry-run=true");
        });
    }

    @Test
    void anUnresolvedPagentApiKeyPlaceholderIsExplainedToo() {
        runner.withPropertyValues("pagent.api-key=${PAGENT_API_KEY_NOT_SET_IN_THIS_TEST}")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MissingApiKeyFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("${...}").contains("PAGENT_API_KEY");
                    assertThat(analysis.getAction()).contains("pagent.dry-run=true");
                });
    }

    @Test
    void dryRunNeedsNoKey() {
        runner.withPropertyValues("pagent.dry-run=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PagentClient.class));
    }

    @Test
    void invalidPropertiesStopStartupNamingEachPropertyAndRule() {
        runner.withPropertyValues(
                        KEY,
                        "pagent.batch.max-size=500",
                        "pagent.batch.flush-interval=0s",
                        "pagent.retry.max-backoff=-1s",
                        "pagent.queue.capacity=0",
                        "pagent.goals.checkout=not-a-uuid",
                        "pagent.variables.json-header=X Bad Header")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    BindValidationException validation = findCause(failure, BindValidationException.class);
                    assertThat(validation).isNotNull();
                    String message =
                            validation.getValidationErrors().getAllErrors().toString();
                    assertThat(validation.getValidationErrors().getAllErrors()).hasSize(6);
                    assertThat(message)
                            .contains("batch.maxSize")
                            .contains("between 1 and 100")
                            .contains("batch.flushInterval")
                            .contains("retry.maxBackoff")
                            .contains("must be a positive duration")
                            .contains("queue.capacity")
                            .contains("goals[checkout]")
                            .contains("must be a UUID")
                            .contains("jsonHeader must be an HTTP header name");
                });
    }

    @Test
    void pinnedGoalsReachTheTracker() {
        runner.withPropertyValues(KEY, "pagent.goals.checkout=7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f")
                .run(context -> assertThat(
                                context.getBean(ConversionTracker.class).pinnedConversionId("checkout"))
                        .hasValue("7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f"));
    }

    @Test
    void closesTheClientWhenTheContextCloses() {
        PagentClient[] client = new PagentClient[1];
        runner.withPropertyValues(KEY).run(context -> client[0] = context.getBean(PagentClient.class));
        assertThat(client[0].stats().state()).isEqualTo(PagentStats.State.CLOSED);
    }

    @Test
    void proxiesOnlyBeansWithAnAnnotatedMethod() {
        runner.withPropertyValues(KEY).withUserConfiguration(Beans.class).run(context -> {
            assertThat(AopUtils.isAopProxy(context.getBean(Annotated.class))).isTrue();
            assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse();
        });
    }

    @Test
    void registersThePagentFilterInServletApps() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PagentAutoConfiguration.class))
                .withPropertyValues(KEY, "pagent.filter.order=42", "pagent.filter.url-patterns=/checkout/*,/api/*")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    FilterRegistrationBean<PagentFilter> registration =
                            context.getBean("pagentFilterRegistration", FilterRegistrationBean.class);
                    assertThat(registration.getOrder()).isEqualTo(42);
                    assertThat(registration.getUrlPatterns())
                            .containsExactly("/checkout/*", "/api/*", PagentFilter.DEFAULT_SCRIPT_PATH);
                    assertThat(registration.getFilter().urlPatterns()).containsExactly("/checkout/*", "/api/*");
                    assertThat(registration.isAsyncSupported()).isTrue();
                });
    }

    @Test
    void theFilterCarriesTheConfiguredCarrierNames() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PagentAutoConfiguration.class))
                .withPropertyValues(KEY, "pagent.variables.json-header=X-Shop-Pgnt")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    FilterRegistrationBean<PagentFilter> registration =
                            context.getBean("pagentFilterRegistration", FilterRegistrationBean.class);
                    assertThat(registration.getFilter().carriers().jsonHeader()).isEqualTo("X-Shop-Pgnt");
                });
    }

    @Test
    void filterEnabledFalseRegistersNoFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PagentAutoConfiguration.class))
                .withPropertyValues(KEY, "pagent.filter.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(PagentClient.class);
                    assertThat(context).doesNotHaveBean("pagentFilterRegistration");
                });
    }

    @Test
    void registersTheWebFilterInReactiveApps() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PagentAutoConfiguration.class))
                .withPropertyValues(KEY, "pagent.filter.order=7")
                .run(context -> {
                    assertThat(context).hasSingleBean(PagentWebFilter.class);
                    assertThat(context.getBean(PagentWebFilter.class).getOrder())
                            .isEqualTo(7);
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                });
    }

    @Test
    void addsHealthAndMetersWhenActuatorAndMicrometerArePresent() {
        runner.withPropertyValues(KEY).run(context -> {
            assertThat(context).hasSingleBean(PagentHealthIndicator.class);
            assertThat(context).hasSingleBean(PagentMetrics.class);
        });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues(KEY, "management.health.pagent.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PagentHealthIndicator.class));
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        final PagentClient client = PagentClient.builder().dryRun(true).build();

        @Bean
        PagentClient myClient() {
            return client;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTracker {
        final ConversionTracker tracker =
                new ConversionTracker(PagentClient.builder().dryRun(true).build());

        @Bean
        ConversionTracker myTracker() {
            return tracker;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Annotated annotated() {
            return new Annotated();
        }

        @Bean
        Plain plain() {
            return new Plain();
        }
    }

    static class Annotated {
        @TrackConversion(goal = "checkout")
        String checkout() {
            return "done";
        }
    }

    static class Plain {
        String checkout() {
            return "done";
        }
    }
}
