package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.spring.ConversionTracker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of a {@link PagentClient}, read from {@link PagentClient#stats()} (so they never
 * disagree with it): {@code pagent.events} tagged {@code result=accepted|failed|dropped|retried},
 * {@code pagent.queue.size}, and with a {@link ConversionTracker} {@code pagent.tracking} tagged
 * {@code outcome=tracked|skipped|no_variables|invalid|rejected}.
 */
public final class PagentMetrics implements MeterBinder {
    private final PagentClient client;
    private final @Nullable ConversionTracker tracker;

    /** Meters of {@code client}, and of {@code tracker} when given. */
    public PagentMetrics(PagentClient client, @Nullable ConversionTracker tracker) {
        this.client = Objects.requireNonNull(client, "client");
        this.tracker = tracker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        events(registry, "accepted", PagentStats::accepted);
        events(registry, "failed", PagentStats::failed);
        events(registry, "dropped", PagentStats::dropped);
        events(registry, "retried", PagentStats::retried);
        Gauge.builder("pagent.queue.size", client, c -> c.stats().queueSize())
                .description("Events waiting in pagent's in-memory queue")
                .register(registry);
        ConversionTracker t = tracker;
        if (t != null) {
            tracking(registry, t, "tracked", s -> s.tracked());
            tracking(registry, t, "skipped", s -> s.skipped());
            tracking(registry, t, "no_variables", s -> s.noVariables());
            tracking(registry, t, "invalid", s -> s.invalid());
            tracking(registry, t, "rejected", s -> s.rejected());
        }
    }

    private void events(MeterRegistry registry, String result, ToDoubleFunction<PagentStats> count) {
        FunctionCounter.builder("pagent.events", client, c -> count.applyAsDouble(c.stats()))
                .description("Events by outcome of delivery to pagent")
                .tag("result", result)
                .register(registry);
    }

    private static void tracking(
            MeterRegistry registry,
            ConversionTracker tracker,
            String outcome,
            ToDoubleFunction<ConversionTracker.Stats> count) {
        FunctionCounter.builder("pagent.tracking", tracker, t -> count.applyAsDouble(t.stats()))
                .description("Conversions reported by @TrackConversion and ConversionTracker, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
