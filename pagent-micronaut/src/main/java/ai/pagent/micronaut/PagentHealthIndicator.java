package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * The {@code pagent} health indicator (micronaut-management): DOWN while sending is paused for a
 * rejected key or a wrong endpoint, or the circuit breaker is open, with the reason; UP otherwise.
 * Reads {@link PagentClient#stats()}, which never blocks.
 */
@Singleton
@Requires(classes = HealthIndicator.class)
@Requires(beans = PagentClient.class)
@Requires(property = "endpoints.health.pagent.enabled", notEquals = "false")
final class PagentHealthIndicator implements HealthIndicator {
    static final String NAME = "pagent";

    private final PagentClient client;

    PagentHealthIndicator(PagentClient client) {
        this.client = client;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(result(client.stats()));
    }

    static HealthResult result(PagentStats stats) {
        PagentStats.State state = stats.state();
        HealthStatus status = state == PagentStats.State.PAUSED_UNAUTHORIZED
                        || state == PagentStats.State.CIRCUIT_OPEN
                        || state == PagentStats.State.CLOSED
                ? HealthStatus.DOWN
                : HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name());
        stats.problem().ifPresent(p -> details.put("problem", p));
        details.put("queueSize", stats.queueSize());
        details.put("accepted", stats.accepted());
        details.put("failed", stats.failed());
        details.put("dropped", stats.dropped());
        return HealthResult.builder(NAME, status).details(details).build();
    }
}
