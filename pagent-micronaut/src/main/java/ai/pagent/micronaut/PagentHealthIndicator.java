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
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * The {@code pagent} health indicator (micronaut-management): DOWN while sending is paused for a
 * rejected key or a wrong endpoint, or the circuit breaker is open, with the reason; UP otherwise.
 * Reads {@link PagentClient#stats()}, which never blocks. With {@code pagent.outbox.enabled=true},
 * the backlog and this instance's relay are in the {@code outbox} detail, and it is DOWN while the
 * backlog cannot be counted or the relay cannot deliver.
 */
@Singleton
@Requires(classes = HealthIndicator.class)
@Requires(beans = PagentClient.class)
@Requires(property = "endpoints.health.pagent.enabled", notEquals = "false")
final class PagentHealthIndicator implements HealthIndicator {
    static final String NAME = "pagent";

    private final PagentClient client;
    private final @Nullable OutboxHealth outbox;

    PagentHealthIndicator(PagentClient client, Optional<OutboxHealth> outbox) {
        this.client = client;
        this.outbox = outbox.orElse(null);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult result = result(client.stats());
        OutboxHealth o = outbox;
        if (o == null) {
            return Publishers.just(result);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> details = new LinkedHashMap<>((Map<String, Object>) result.getDetails());
        details.put("outbox", o.details());
        HealthStatus status = o.down() ? HealthStatus.DOWN : result.getStatus();
        return Publishers.just(
                HealthResult.builder(NAME, status).details(details).build());
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
