package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code pagent} health: DOWN while pagent refuses the API key or the circuit breaker holds
 * sending during an outage, with the reason; OUT_OF_SERVICE once the client is closed; UP otherwise
 * (also while rate limited, which passes by itself). Reads {@link PagentClient#stats()}, never
 * blocks.
 */
public final class PagentHealthIndicator implements HealthIndicator {
    private final PagentClient client;

    /** Reports on {@code client}. */
    public PagentHealthIndicator(PagentClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Health health() {
        PagentHealthReport report = PagentHealthReport.of(client.stats());
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
