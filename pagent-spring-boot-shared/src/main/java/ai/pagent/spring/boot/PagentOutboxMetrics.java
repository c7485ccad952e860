package ai.pagent.spring.boot;

import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxRelayStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of the transactional outbox: {@code pagent.outbox.backlog} (rows waiting for
 * delivery), {@code pagent.outbox.failed} (rows parked as failed), {@code pagent.outbox.oldest.age}
 * (how long the oldest waiting row has waited, zero when none) from {@link PagentOutboxBacklog}
 * (counted at most once per {@code pagent.outbox.backlog-interval}, never a query per scrape; NaN
 * while it cannot be counted), and with a relay {@code pagent.outbox.relay.rows} tagged {@code
 * result=delivered|parked|released}.
 */
public final class PagentOutboxMetrics implements MeterBinder {
    private final PagentOutboxBacklog backlog;
    private final @Nullable PagentOutboxRelay relay;

    /** Meters of {@code backlog}, and of {@code relay} when given. */
    public PagentOutboxMetrics(PagentOutboxBacklog backlog, @Nullable PagentOutboxRelay relay) {
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("pagent.outbox.backlog", backlog, b -> count(b, OutboxBacklog::pending))
                .description("Rows of the pagent outbox waiting for delivery")
                .register(registry);
        Gauge.builder("pagent.outbox.failed", backlog, b -> count(b, OutboxBacklog::failed))
                .description("Rows of the pagent outbox parked as failed (see their last_error)")
                .register(registry);
        TimeGauge.builder("pagent.outbox.oldest.age", backlog, TimeUnit.MILLISECONDS, PagentOutboxMetrics::oldestAge)
                .description("How long the oldest row waiting in the pagent outbox has waited")
                .register(registry);
        PagentOutboxRelay r = relay;
        if (r != null) {
            rows(registry, r, "delivered", OutboxRelayStats::delivered);
            rows(registry, r, "parked", OutboxRelayStats::parked);
            rows(registry, r, "released", OutboxRelayStats::released);
        }
    }

    private static double count(PagentOutboxBacklog backlog, ToLongFunction<OutboxBacklog> count) {
        return backlog.current().map(b -> (double) count.applyAsLong(b)).orElse(Double.NaN);
    }

    private static double oldestAge(PagentOutboxBacklog backlog) {
        return backlog.current()
                .map(b -> (double) b.oldestPendingAge(Instant.now()).toMillis())
                .orElse(Double.NaN);
    }

    private static void rows(
            MeterRegistry registry, PagentOutboxRelay relay, String result, ToDoubleFunction<OutboxRelayStats> count) {
        FunctionCounter.builder(
                        "pagent.outbox.relay.rows",
                        relay,
                        r -> r.relay()
                                .map(OutboxRelay::stats)
                                .map(count::applyAsDouble)
                                .orElse(0.0))
                .description("Outbox rows by what this instance's relay did with them")
                .tag("result", result)
                .register(registry);
    }
}
