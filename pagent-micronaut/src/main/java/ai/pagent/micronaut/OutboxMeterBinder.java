package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer gauges of the outbox, read from the relay's last count (every {@code backlogInterval},
 * 10 s by default; never a query per scrape): {@code pagent.outbox.backlog} (rows waiting for
 * delivery), {@code pagent.outbox.oldest.age} (how long the oldest of them has waited, zero when
 * none does) and {@code pagent.outbox.failed} (rows parked for good). NaN until the first count.
 *
 * <p>The relay is looked up when a gauge is read, not when the registry binds this: the data source
 * under the relay may itself be waiting for the registry (Hikari's pool metrics).
 */
@Singleton
@Requires(classes = {MeterBinder.class, OutboxRelay.class})
@Requires(beans = OutboxRelay.class)
final class OutboxMeterBinder implements MeterBinder {
    private final BeanProvider<OutboxRelay> relay;

    OutboxMeterBinder(BeanProvider<OutboxRelay> relay) {
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "pagent.outbox.backlog",
                        this,
                        m -> m.backlog().map(b -> (double) b.pending()).orElse(Double.NaN))
                .description("Outbox rows waiting for delivery")
                .baseUnit("rows")
                .register(registry);
        Gauge.builder(
                        "pagent.outbox.failed",
                        this,
                        m -> m.backlog().map(b -> (double) b.failed()).orElse(Double.NaN))
                .description("Outbox rows parked as failed (rejected by pagent or unreadable)")
                .baseUnit("rows")
                .register(registry);
        TimeGauge.builder(
                        "pagent.outbox.oldest.age",
                        this,
                        TimeUnit.MILLISECONDS,
                        m -> m.backlog()
                                .map(b -> (double)
                                        b.oldestPendingAge(Instant.now()).toMillis())
                                .orElse(Double.NaN))
                .description("How long the oldest outbox row waiting for delivery has waited")
                .register(registry);
    }

    private Optional<OutboxBacklog> backlog() {
        return relay.find(null).flatMap(OutboxRelay::backlog);
    }
}
