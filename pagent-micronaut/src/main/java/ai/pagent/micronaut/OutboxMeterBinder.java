package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxRelayStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters of the transactional outbox, the same as the Spring Boot starter's: {@code
 * pagent.outbox.backlog} (rows waiting for delivery), {@code pagent.outbox.failed} (rows parked as
 * failed) and {@code pagent.outbox.oldest.age} (how long the oldest waiting row has waited, zero when
 * none), counted at most once per {@code pagent.outbox.backlog-interval} (never a query per scrape;
 * NaN while it cannot be counted); and {@code pagent.outbox.relay.rows} tagged {@code
 * result=delivered|parked|released}, zero without a relay in this instance.
 */
@Singleton
@Requires(classes = {MeterBinder.class, OutboxBacklog.class})
@Requires(beans = OutboxBacklogCount.class)
final class OutboxMeterBinder implements MeterBinder {
    private final OutboxBacklogCount backlog;

    OutboxMeterBinder(OutboxBacklogCount backlog) {
        this.backlog = backlog;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("pagent.outbox.backlog", backlog, b -> count(b, OutboxBacklog::pending))
                .description("Rows of the pagent outbox waiting for delivery")
                .register(registry);
        Gauge.builder("pagent.outbox.failed", backlog, b -> count(b, OutboxBacklog::failed))
                .description("Rows of the pagent outbox parked as failed (see their last_error)")
                .register(registry);
        TimeGauge.builder("pagent.outbox.oldest.age", backlog, TimeUnit.MILLISECONDS, OutboxMeterBinder::oldestAge)
                .description("How long the oldest row waiting in the pagent outbox has waited")
                .register(registry);
        rows(registry, "delivered", OutboxRelayStats::delivered);
        rows(registry, "parked", OutboxRelayStats::parked);
        rows(registry, "released", OutboxRelayStats::released);
    }

    private static double count(OutboxBacklogCount backlog, ToLongFunction<OutboxBacklog> count) {
        return backlog.current().map(b -> (double) count.applyAsLong(b)).orElse(Double.NaN);
    }

    private static double oldestAge(OutboxBacklogCount backlog) {
        return backlog.current()
                .map(b -> (double) b.oldestPendingAge(Instant.now()).toMillis())
                .orElse(Double.NaN);
    }

    private void rows(MeterRegistry registry, String result, ToDoubleFunction<OutboxRelayStats> count) {
        FunctionCounter.builder(
                        "pagent.outbox.relay.rows",
                        backlog,
                        b -> b.relay()
                                .map(OutboxRelay::stats)
                                .map(count::applyAsDouble)
                                .orElse(0.0))
                .description("Outbox rows by what this instance's relay did with them")
                .tag("result", result)
                .register(registry);
    }
}
