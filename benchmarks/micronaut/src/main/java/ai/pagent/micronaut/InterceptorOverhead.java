package ai.pagent.micronaut;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.context.ServerHttpRequestContext;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What {@code @TrackConversion} adds to a handler call: the compile-time proxy, the interceptor,
 * reading {@code revenueFrom = "totalCents"} through the result's bean introspection and the
 * request lookup. {@code handTracked} is the same call with the conversion built and tracked by
 * hand (the work any tracking does); the interceptor's own cost is {@code annotated - handTracked}.
 *
 * <p>The request is bound to the thread as Micronaut's server does, with its variables already in
 * the attribute the filter fills. Both tracking arms hand their event to a client closed before
 * measuring, so {@code track()} returns at once (counted as dropped) instead of waking a sender
 * that competes for the cores with the measured thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InterceptorOverhead {
    static final PagentVariables VARIABLES =
            PagentVariables.of("sess-1", "user-1", "visit-1", "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f");

    private ApplicationContext context;
    private Checkout annotated;
    private PlainCheckout plain;
    private PagentClient client;
    private PropagatedContext.Scope scope;

    @Setup(Level.Trial)
    public void setUp() {
        context = ApplicationContext.run(Map.of("pagent.dry-run", "true"));
        annotated = context.getBean(Checkout.class);
        plain = context.getBean(PlainCheckout.class);
        client = context.getBean(PagentClient.class);
        if (annotated.getClass() == Checkout.class) {
            throw new IllegalStateException("@TrackConversion was not woven into Checkout");
        }
        MutableHttpRequest<?> request = HttpRequest.POST("/checkout", "{}");
        request.setAttribute(PagentVariables.ATTRIBUTE, VARIABLES);
        scope = PropagatedContext.getOrEmpty()
                .plus(new ServerHttpRequestContext(request))
                .propagate();
        client.close();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        scope.close();
        long dropped = client.stats().dropped();
        Map<ConversionTracker.SkipReason, Long> skipped =
                context.getBean(ConversionTracker.class).skipped();
        context.close();
        boolean tracking = !params.getBenchmark().endsWith(".unannotated");
        if (tracking && (dropped == 0 || skipped.values().stream().anyMatch(n -> n > 0))) {
            throw new IllegalStateException(
                    "the tracking arm did not build and hand over events: dropped " + dropped + ", skipped " + skipped);
        }
    }

    @Benchmark
    public Receipt unannotated() {
        return plain.checkout(4999);
    }

    @Benchmark
    public Receipt handTracked() {
        Receipt receipt = plain.checkout(4999);
        PagentVariables v = ServerRequestContext.currentRequest()
                .flatMap(r -> r.getAttribute(PagentVariables.ATTRIBUTE, PagentVariables.class))
                .orElseThrow();
        client.track(Conversion.builder()
                .variables(v)
                .label("checkout")
                .revenueCents(receipt.totalCents())
                .build());
        return receipt;
    }

    @Benchmark
    public Receipt annotated() {
        return annotated.checkout(4999);
    }

    @Introspected
    public record Receipt(long totalCents) {}

    @Singleton
    public static class Checkout {
        @TrackConversion(goal = "checkout", revenueFrom = "totalCents")
        public Receipt checkout(long cents) {
            return new Receipt(cents);
        }
    }

    @Singleton
    public static class PlainCheckout {
        public Receipt checkout(long cents) {
            return new Receipt(cents);
        }
    }
}
