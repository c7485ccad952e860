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

/** The outbox as this instance's relay last counted it (never queries the database itself). */
@Singleton
@Requires(classes = OutboxRelay.class)
@Requires(beans = OutboxRelay.class)
final class RelayOutboxHealth implements OutboxHealth {
    private final OutboxRelay relay;

    RelayOutboxHealth(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public boolean down() {
        PagentStats.State state = relay.clientStats().state();
        return state == PagentStats.State.PAUSED_UNAUTHORIZED
                || state == PagentStats.State.CIRCUIT_OPEN
                || state == PagentStats.State.CLOSED;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<OutboxBacklog> backlog = relay.backlog();
        if (backlog.isPresent()) {
            OutboxBacklog b = backlog.get();
            details.put("pending", b.pending());
            details.put("failed", b.failed());
            details.put(
                    "oldestPendingAgeSeconds", b.oldestPendingAge(Instant.now()).toSeconds());
            details.put("measuredAt", b.measuredAt().toString());
        }
        PagentStats client = relay.clientStats();
        details.put("relay", relay.owner());
        details.put("relayState", client.state().name());
        client.problem().ifPresent(p -> details.put("relayProblem", p));
        OutboxRelayStats stats = relay.stats();
        details.put("delivered", stats.delivered());
        details.put("parked", stats.parked());
        details.put("databaseErrors", stats.databaseErrors());
        return details;
    }
}
