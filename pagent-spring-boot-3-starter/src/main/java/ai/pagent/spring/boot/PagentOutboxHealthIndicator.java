package ai.pagent.spring.boot;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code pagentOutbox} health: the outbox backlog (rows waiting, parked, the oldest waiting
 * row's age) and this instance's relay. DOWN while the backlog cannot be counted (the database
 * fails, the table is missing) or the relay's client cannot send (pagent refuses the key, or its
 * circuit breaker holds sending during an outage), with the reason; UNKNOWN while the first count is
 * under way; UP otherwise. Reads {@link PagentOutboxBacklog}, which counts at most once per {@code
 * pagent.outbox.backlog-interval}.
 */
public final class PagentOutboxHealthIndicator implements HealthIndicator {
    private final PagentOutboxBacklog backlog;
    private final @Nullable PagentOutboxRelay relay;

    /** Reports on {@code backlog}, and on {@code relay} when this instance runs one. */
    public PagentOutboxHealthIndicator(PagentOutboxBacklog backlog, @Nullable PagentOutboxRelay relay) {
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.relay = relay;
    }

    @Override
    public Health health() {
        PagentOutboxHealthReport report = PagentOutboxHealthReport.of(backlog, relay);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
