package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.spring.ConversionTracker;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The transactional outbox on the application's {@link DataSource}, with {@code
 * pagent.outbox.enabled=true} and {@code ai.pagent:pagent-jdbc} on the classpath:
 *
 * <ul>
 *   <li>a {@link ConversionTracker} (also behind {@code @TrackConversion}) that writes conversions
 *       tracked inside a Spring-managed transaction to the {@code pagent_outbox} table on the
 *       transaction's connection, before the commit; outside one, to the in-memory queue;
 *   <li>a relay in this instance ({@link PagentOutboxRelay}, {@code pagent.outbox.relay.enabled},
 *       on by default) that delivers committed rows with a client of the same {@code pagent.*}
 *       settings as the application's;
 *   <li>with {@code pagent.outbox.initialize-schema=true}, the table created at startup when missing;
 *   <li>the backlog for health and meters ({@link PagentOutboxBacklog}, {@link
 *       PagentOutboxMetrics}).
 * </ul>
 *
 * Runs before {@link PagentAutoConfiguration}, whose tracker then backs off, and after the data
 * source's auto-configuration (Spring Boot 4's and 3's class names).
 */
@AutoConfiguration(
        before = PagentAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
        })
@ConditionalOnClass(value = OutboxRelay.class, name = "org.springframework.jdbc.datasource.DataSourceUtils")
@ConditionalOnProperty(name = "pagent.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pagent.outbox.enabled")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(PagentProperties.class)
public final class PagentOutboxAutoConfiguration {
    @Bean
    @ConditionalOnBooleanProperty(name = "pagent.outbox.initialize-schema")
    OutboxSchemaInitializer pagentOutboxSchemaInitializer(DataSource dataSource) {
        return new OutboxSchemaInitializer(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    ConversionTracker conversionTracker(
            PagentClient client,
            PagentProperties properties,
            DataSource dataSource,
            ObjectProvider<OutboxSchemaInitializer> schema) {
        schema.ifAvailable(created -> {}); // the table first
        return ConversionTracker.builder(client)
                .goals(properties.getGoals())
                .outbox(dataSource)
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "pagent.outbox.relay.enabled", matchIfMissing = true)
    PagentOutboxRelay pagentOutboxRelay(
            DataSource dataSource,
            PagentProperties properties,
            Environment environment,
            ObjectProvider<OutboxSchemaInitializer> schema) {
        schema.ifAvailable(created -> {}); // the table first
        PagentProperties.Outbox outbox = properties.getOutbox();
        return new PagentOutboxRelay(OutboxRelay.builder()
                .dataSource(dataSource)
                .client(PagentClientSettings.builder(properties, environment))
                .pollInterval(outbox.getRelay().getPollInterval())
                .leaseDuration(outbox.getRelay().getLeaseDuration())
                .backlogInterval(outbox.getBacklogInterval()));
    }

    @Bean
    @ConditionalOnMissingBean
    PagentOutboxBacklog pagentOutboxBacklog(
            DataSource dataSource,
            PagentProperties properties,
            ObjectProvider<PagentOutboxRelay> relay,
            ObjectProvider<OutboxSchemaInitializer> schema) {
        schema.ifAvailable(created -> {});
        return new PagentOutboxBacklog(dataSource, properties.getOutbox().getBacklogInterval(), relay.getIfUnique());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static final class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        PagentOutboxMetrics pagentOutboxMetrics(PagentOutboxBacklog backlog, ObjectProvider<PagentOutboxRelay> relay) {
            return new PagentOutboxMetrics(backlog, relay.getIfUnique());
        }
    }
}
