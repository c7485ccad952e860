package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters read from {@link PagentClient#stats()} (micronaut-micrometer binds every
 * {@code MeterBinder} bean): {@code pagent.events} tagged {@code result=accepted|failed|dropped|retried}
 * and {@code pagent.queue.size}; {@code pagent.tracking.skipped} tagged with the reason an event
 * was not built.
 */
@Singleton
@Requires(classes = MeterBinder.class)
@Requires(beans = PagentClient.class)
final class PagentMeterBinder implements MeterBinder {
    private final PagentClient client;
    private final ConversionTracker tracker;

    PagentMeterBinder(PagentClient client, ConversionTracker tracker) {
        this.client = client;
        this.tracker = tracker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        events(registry, "accepted", PagentStats::accepted);
        events(registry, "failed", PagentStats::failed);
        events(registry, "dropped", PagentStats::dropped);
        events(registry, "retried", PagentStats::retried);
        Gauge.builder("pagent.queue.size", client, c -> c.stats().queueSize())
                .description("Events waiting to be sent")
                .register(registry);
        for (ConversionTracker.SkipReason reason : ConversionTracker.SkipReason.values()) {
            FunctionCounter.builder(
                            "pagent.tracking.skipped", tracker, t -> t.skipped().get(reason))
                    .description("Conversions not built, by reason")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    private void events(MeterRegistry registry, String result, ToDoubleFunction<PagentStats> count) {
        FunctionCounter.builder("pagent.events", client, c -> count.applyAsDouble(c.stats()))
                .description("Conversions by outcome")
                .tag("result", result)
                .register(registry);
    }
}
