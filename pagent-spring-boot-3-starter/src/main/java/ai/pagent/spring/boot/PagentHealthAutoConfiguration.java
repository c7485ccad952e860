package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code pagent} health indicator, when Spring Boot's health support is present. */
@AutoConfiguration(after = PagentAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PagentClient.class)
@ConditionalOnEnabledHealthIndicator("pagent")
public final class PagentHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "pagentHealthIndicator")
    PagentHealthIndicator pagentHealthIndicator(PagentClient client) {
        return new PagentHealthIndicator(client);
    }
}
