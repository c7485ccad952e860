package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import org.springframework.boot.health.contributor.Health;

/** The health scenarios, read through Spring Boot 4's {@code Health}. */
class PagentHealthIndicatorTest extends PagentHealthIndicatorScenarios {
    @Override
    protected HealthView health(PagentClient client) {
        Health health = new PagentHealthIndicator(client).health();
        return new HealthView(health.getStatus().getCode(), health.getDetails(), health.toString());
    }
}
