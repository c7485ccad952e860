package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
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
        PagentStats stats = client.stats();
        Health.Builder builder;
        switch (stats.state()) {
            case PAUSED_UNAUTHORIZED:
            case CIRCUIT_OPEN:
                builder = Health.down();
                break;
            case CLOSED:
                builder = Health.outOfService();
                break;
            default:
                builder = Health.up();
        }
        builder.withDetail("state", stats.state().name())
                .withDetail("queueSize", stats.queueSize())
                .withDetail("pending", stats.pending());
        stats.problem().ifPresent(problem -> builder.withDetail("problem", problem));
        return builder.build();
    }
}
