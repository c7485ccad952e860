package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.RequestObserver;
import ai.pagent.RequestOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters read from {@link PagentClient#stats()} (micronaut-micrometer binds every
 * {@code MeterBinder} bean): {@code pagent.events} tagged {@code result=accepted|failed|dropped|retried}
 * and {@code pagent.queue.size}; {@code pagent.tracking.skipped} tagged with the reason an event
 * was not built; and the {@code pagent.requests} timer ({@link RequestTimer}).
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

    /**
     * The {@code pagent.requests} timer: every request the client makes to pagent, tagged {@code
     * outcome} with its {@link RequestOutcome}, the status classes Spring Boot's {@code
     * http.client.requests} uses (the same in both frameworks): {@code SUCCESS} (2xx), {@code CLIENT_ERROR} (4xx: a rejected batch, a refused key, a
     * 429), {@code SERVER_ERROR} (5xx), {@code UNKNOWN} (no answer: a connection error or a timeout),
     * and {@code INFORMATIONAL}/{@code REDIRECTION} for what pagent does not send. {@link PagentFactory}
     * hands every {@link RequestObserver} bean to the client it builds; requests made before Micrometer
     * bound this one are not timed. Recording never throws into the client.
     */
    @Singleton
    @Requires(classes = MeterBinder.class)
    static final class RequestTimer implements RequestObserver, MeterBinder {
        private final List<Timer[]> timers = new CopyOnWriteArrayList<>();

        @Override
        public void bindTo(MeterRegistry registry) {
            Timer[] byOutcome = new Timer[RequestOutcome.values().length];
            for (RequestOutcome outcome : RequestOutcome.values()) {
                byOutcome[outcome.ordinal()] = Timer.builder("pagent.requests")
                        .description("Requests to pagent's conversions API, by outcome")
                        .tag("outcome", outcome.name())
                        .register(registry);
            }
            timers.add(byOutcome);
        }

        @Override
        public void onRequest(int statusCode, int events, Duration took) {
            int outcome = RequestOutcome.of(statusCode).ordinal();
            for (Timer[] byOutcome : timers) {
                byOutcome[outcome].record(took);
            }
        }
    }
}
