package ai.pagent.spring.boot;

import ai.pagent.PagentStats;
import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxRelayStats;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code pagentOutbox} health says: the outbox backlog (rows waiting, parked, the oldest
 * waiting row's age) and this instance's relay. DOWN while the backlog cannot be counted (the
 * database fails, the table is missing) or the relay's client cannot send (pagent refuses the key, or
 * its circuit breaker holds sending during an outage), with the reason; UNKNOWN while the first count
 * is under way; UP otherwise. Each Spring Boot line's {@link PagentOutboxHealthIndicator} turns it
 * into that line's {@code Health}.
 *
 * @param status the status code: {@code UP}, {@code DOWN} or {@code UNKNOWN}
 * @param details the backlog's counts, the relay's, and the reasons when something is wrong
 */
record PagentOutboxHealthReport(String status, Map<String, Object> details) {
    static PagentOutboxHealthReport of(PagentOutboxBacklog backlog, @Nullable PagentOutboxRelay relay) {
        Optional<OutboxBacklog> counted = backlog.current();
        Optional<OutboxRelay> running = relay == null ? Optional.empty() : relay.relay();
        Optional<PagentStats> client = running.map(OutboxRelay::clientStats);
        boolean clientDown = client.map(s -> s.state() == PagentStats.State.PAUSED_UNAUTHORIZED
                        || s.state() == PagentStats.State.CIRCUIT_OPEN)
                .orElse(false);
        Optional<String> problem = backlog.problem();
        String status = problem.isPresent() || clientDown ? "DOWN" : counted.isEmpty() ? "UNKNOWN" : "UP";
        Map<String, Object> details = new LinkedHashMap<>();
        counted.ifPresent(b -> {
            details.put("pending", b.pending());
            details.put("failed", b.failed());
            details.put("oldestPendingAge", b.oldestPendingAge(Instant.now()).toString());
            details.put("countedAt", b.measuredAt().toString());
        });
        problem.ifPresent(p -> details.put("backlogProblem", p));
        if (relay == null) {
            details.put("relay", "disabled in this instance");
        } else if (running.isEmpty()) {
            details.put("relay", "stopped");
        } else {
            OutboxRelay r = running.get();
            OutboxRelayStats stats = r.stats();
            details.put("relay", r.owner());
            details.put("delivered", stats.delivered());
            details.put("parked", stats.parked());
            details.put("released", stats.released());
            details.put("databaseErrors", stats.databaseErrors());
        }
        client.ifPresent(s -> {
            details.put("relayState", s.state().name());
            s.problem().ifPresent(reason -> details.put("relayProblem", reason));
        });
        return new PagentOutboxHealthReport(status, Collections.unmodifiableMap(details));
    }
}
