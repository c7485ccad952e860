package ai.pagent.spring.boot;

import ai.pagent.PagentStats;
import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxRelayStats;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code pagentOutbox} health: the outbox backlog (rows waiting, parked, the oldest waiting
 * row's age) and this instance's relay. DOWN while the backlog cannot be counted (the database
 * fails, the table is missing) or the relay's client cannot send (pagent refuses the key, or its
 * circuit breaker holds sending during an outage), with the reason; UNKNOWN while the first count is
 * under way; UP otherwise. Reads {@link
 * PagentOutboxBacklog}, which counts at most once per {@code pagent.outbox.backlog-interval}.
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
        Optional<OutboxBacklog> counted = backlog.current();
        Optional<OutboxRelay> running = relay == null ? Optional.empty() : relay.relay();
        Optional<PagentStats> client = running.map(OutboxRelay::clientStats);
        boolean clientDown = client.map(s -> s.state() == PagentStats.State.PAUSED_UNAUTHORIZED
                        || s.state() == PagentStats.State.CIRCUIT_OPEN)
                .orElse(false);
        Optional<String> problem = backlog.problem();
        Health.Builder builder =
                problem.isPresent() || clientDown ? Health.down() : counted.isEmpty() ? Health.unknown() : Health.up();
        counted.ifPresent(b -> builder.withDetail("pending", b.pending())
                .withDetail("failed", b.failed())
                .withDetail(
                        "oldestPendingAge", b.oldestPendingAge(Instant.now()).toString())
                .withDetail("countedAt", b.measuredAt().toString()));
        problem.ifPresent(p -> builder.withDetail("backlogProblem", p));
        if (relay == null) {
            builder.withDetail("relay", "disabled in this instance");
        } else if (running.isEmpty()) {
            builder.withDetail("relay", "stopped");
        } else {
            OutboxRelay r = running.get();
            OutboxRelayStats stats = r.stats();
            builder.withDetail("relay", r.owner())
                    .withDetail("delivered", stats.delivered())
                    .withDetail("parked", stats.parked())
                    .withDetail("released", stats.released())
                    .withDetail("databaseErrors", stats.databaseErrors());
        }
        client.ifPresent(s -> {
            builder.withDetail("relayState", s.state().name());
            s.problem().ifPresent(reason -> builder.withDetail("relayProblem", reason));
        });
        return builder.build();
    }
}
