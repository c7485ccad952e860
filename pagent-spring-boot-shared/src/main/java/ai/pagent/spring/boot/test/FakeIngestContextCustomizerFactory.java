package ai.pagent.spring.boot.test;

import ai.pagent.test.FakeIngest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Starts the {@link FakeIngest} of a {@link PagentFakeIngest} test. */
final class FakeIngestContextCustomizerFactory implements ContextCustomizerFactory {
    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, PagentFakeIngest.class)
                ? new FakeIngestCustomizer()
                : null;
    }

    /** All equal, so that tests with the annotation share cached contexts as they otherwise would. */
    private static final class FakeIngestCustomizer implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            FakeIngest ingest = FakeIngest.start();
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.addFirst(new MapPropertySource(
                    "pagentFakeIngest",
                    Map.of(
                            "pagent.api-key",
                            ingest.apiKey(),
                            "pagent.endpoint",
                            ingest.endpoint().toString())));
            sources.addLast(
                    new MapPropertySource("pagentFakeIngestDefaults", Map.of("pagent.batch.flush-interval", "50ms")));
            context.getBeanFactory().registerSingleton("pagentFakeIngest", ingest);
            context.addApplicationListener((ApplicationListener<ApplicationEvent>) event -> {
                if (event instanceof ContextClosedEvent
                        && ((ContextClosedEvent) event).getApplicationContext() == context) {
                    ingest.close();
                }
            });
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof FakeIngestCustomizer;
        }

        @Override
        public int hashCode() {
            return FakeIngestCustomizer.class.hashCode();
        }
    }
}
