package ai.pagent.micronaut;

import ai.pagent.PagentStats;
import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxRelayStats;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox part of the {@code pagent} health: the backlog (rows waiting, parked, the oldest
 * waiting row's age) and this instance's relay. Down while the backlog cannot be counted (the
 * database fails, the table is missing) or the relay's client cannot send (pagent refuses the key,
 * or its circuit breaker holds sending during an outage).
 */
@Singleton
@Requires(classes = OutboxBacklog.class)
@Requires(beans = OutboxBacklogCount.class)
final class JdbcOutboxHealth implements OutboxHealth {
    private final OutboxBacklogCount backlog;

    JdbcOutboxHealth(OutboxBacklogCount backlog) {
        this.backlog = backlog;
    }

    @Override
    public boolean down() {
        if (backlog.current().isEmpty()) {
            return true;
        }
        return backlog.relay()
                .map(r -> r.clientStats().state())
                .map(state -> state == PagentStats.State.PAUSED_UNAUTHORIZED || state == PagentStats.State.CIRCUIT_OPEN)
                .orElse(false);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        backlog.current().ifPresent(b -> {
            details.put("pending", b.pending());
            details.put("failed", b.failed());
            details.put("oldestPendingAge", b.oldestPendingAge(Instant.now()).toString());
            details.put("countedAt", b.measuredAt().toString());
        });
        backlog.problem().ifPresent(p -> details.put("backlogProblem", p));
        Optional<OutboxRelay> running = backlog.relay();
        if (running.isEmpty()) {
            details.put("relay", "disabled in this instance");
            return details;
        }
        OutboxRelay relay = running.get();
        OutboxRelayStats stats = relay.stats();
        details.put("relay", relay.owner());
        details.put("delivered", stats.delivered());
        details.put("parked", stats.parked());
        details.put("released", stats.released());
        details.put("databaseErrors", stats.databaseErrors());
        PagentStats client = relay.clientStats();
        details.put("relayState", client.state().name());
        client.problem().ifPresent(p -> details.put("relayProblem", p));
        return details;
    }
}
