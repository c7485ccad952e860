package ai.pagent.spring.boot;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code pagentOutbox} health indicator, when the outbox is on and Spring Boot's health support present. */
@AutoConfiguration(after = PagentOutboxAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PagentOutboxBacklog.class)
@ConditionalOnEnabledHealthIndicator("pagentOutbox")
public final class PagentOutboxHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "pagentOutboxHealthIndicator")
    PagentOutboxHealthIndicator pagentOutboxHealthIndicator(
            PagentOutboxBacklog backlog, ObjectProvider<PagentOutboxRelay> relay) {
        return new PagentOutboxHealthIndicator(backlog, relay.getIfUnique());
    }
}
