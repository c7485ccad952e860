package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import ai.pagent.spring.ConversionTracker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the pagent client, when Micrometer is present: {@link PagentMetrics} and the
 * {@code pagent.requests} timer ({@link PagentMetrics.RequestTimer}).
 */
@AutoConfiguration(after = PagentAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(PagentClient.class)
public final class PagentMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    PagentMetrics pagentMetrics(PagentClient client, ObjectProvider<ConversionTracker> tracker) {
        return new PagentMetrics(client, tracker.getIfUnique());
    }

    /** The {@code pagent.requests} timer; the auto-configured client reports its requests to it. */
    @Bean
    @ConditionalOnMissingBean
    PagentMetrics.RequestTimer pagentRequestTimer() {
        return new PagentMetrics.RequestTimer();
    }
}
