package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.Workload;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON encoding of 100 spans by the benchmark's exporter, per span. The exporter is ours (Jackson's
 * streaming generator, as pagent), so this measures the span data model more than OpenTelemetry.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Encoding {
    private final List<SpanData> spans = new ArrayList<>();

    @Setup
    public void spans() {
        SpanProcessor collect = new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                spans.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
        try (SdkTracerProvider provider =
                SdkTracerProvider.builder().addSpanProcessor(collect).build()) {
            for (int i = 0; i < 100; i++) {
                provider.get("pagent-benchmarks")
                        .spanBuilder(Workload.LABEL)
                        .setAttribute(OtelSetup.SESSION_ID, Workload.sessionId(i))
                        .setAttribute(OtelSetup.USER_ID, Workload.userId(i))
                        .setAttribute(OtelSetup.CONVERSION_ID, Workload.GOAL_ID)
                        .setAttribute(OtelSetup.REVENUE, Workload.REVENUE_CENTS)
                        .setAttribute(OtelSetup.PLAN, Workload.PLAN)
                        .setAttribute(OtelSetup.QUANTITY, (long) Workload.quantity(i))
                        .setAttribute(OtelSetup.COUPON, Workload.coupon(i))
                        .setAttribute(OtelSetup.PRICE, Workload.price(i))
                        .startSpan()
                        .end();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public byte[] perEvent() {
        return JsonSpanExporter.encode(spans);
    }
}
