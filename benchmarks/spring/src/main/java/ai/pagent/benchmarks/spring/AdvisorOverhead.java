package ai.pagent.benchmarks.spring;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.servlet.PagentRequests;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.TrackConversion;
import ai.pagent.spring.TrackConversionBeanPostProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
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
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What {@code @TrackConversion} adds to a handler call: the proxy, the interceptor, the cached
 * expression ({@code #result.totalCents}) and the request lookup. {@code handTracked} is the same
 * handler with the conversion built and tracked by hand (the work any tracking does); the advisor's
 * own cost is {@code annotated - handTracked}. {@code unannotated} shows that a bean without the
 * annotation is called directly (setup fails if it was proxied).
 *
 * <p>The request is bound to the thread as Spring MVC does, with its variables already resolved by
 * the filter. Both tracking arms build the event and hand it to a client that is closed before
 * measuring, so that {@code track()} returns at once (counted as dropped) instead of waking a
 * background sender that competes for the two cores with the measured thread: the difference
 * between the arms is then the advisor alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdvisorOverhead {
    static final PagentVariables VARIABLES =
            PagentVariables.of("sess-1", "user-1", "visit-1", "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f");

    private AnnotationConfigApplicationContext context;
    private Checkout annotated;
    private PlainCheckout plain;
    private PagentClient client;

    @Setup(Level.Trial)
    public void setUp() {
        context = new AnnotationConfigApplicationContext(Config.class);
        annotated = context.getBean(Checkout.class);
        plain = context.getBean(PlainCheckout.class);
        client = context.getBean(PagentClient.class);
        if (!AopUtils.isAopProxy(annotated)) {
            throw new IllegalStateException("the annotated bean was not proxied");
        }
        if (AopUtils.isAopProxy(plain)) {
            throw new IllegalStateException("a bean without @TrackConversion was proxied");
        }
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request(VARIABLES)));
        client.close();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        RequestContextHolder.resetRequestAttributes();
        ConversionTracker.Stats stats = context.getBean(ConversionTracker.class).stats();
        context.close();
        boolean annotatedArm = params.getBenchmark().endsWith(".annotated");
        if (annotatedArm && (stats.rejected() == 0 || stats.invalid() + stats.noVariables() > 0)) {
            throw new IllegalStateException("the annotated path did not build and hand over events: " + stats);
        }
    }

    @Benchmark
    public Receipt unannotated() {
        return plain.checkout(4999);
    }

    @Benchmark
    public Receipt handTracked() {
        Receipt receipt = plain.checkout(4999);
        PagentVariables v = PagentRequests.variables(
                        ((ServletRequestAttributes) RequestContextHolder.getRequestAttributes()).getRequest())
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

    /** A request whose variables the filter has already resolved (the request attribute). */
    private static HttpServletRequest request(PagentVariables variables) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                AdvisorOverhead.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute") && PagentVariables.ATTRIBUTE.equals(args[0])) {
                        return variables;
                    }
                    if (method.getReturnType() == boolean.class) {
                        return false;
                    }
                    return method.getReturnType().isPrimitive() ? 0 : null;
                });
    }

    public record Receipt(long totalCents) {}

    public static class Checkout {
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents")
        public Receipt checkout(long cents) {
            return new Receipt(cents);
        }
    }

    public static class PlainCheckout {
        public Receipt checkout(long cents) {
            return new Receipt(cents);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean(destroyMethod = "close")
        PagentClient pagentClient() {
            return PagentClient.builder().dryRun(true).build();
        }

        @Bean
        ConversionTracker conversionTracker(PagentClient client) {
            return new ConversionTracker(client);
        }

        @Bean
        static TrackConversionBeanPostProcessor trackConversionBeanPostProcessor() {
            return new TrackConversionBeanPostProcessor();
        }

        @Bean
        Checkout checkout() {
            return new Checkout();
        }

        @Bean
        PlainCheckout plainCheckout() {
            return new PlainCheckout();
        }
    }
}
