package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A tracer provider with a {@link BatchSpanProcessor} exporting JSON to the counting ingest. */
final class OtelSetup {
    static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session_id");
    static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user_id");
    static final AttributeKey<String> CONVERSION_ID = AttributeKey.stringKey("conversion_id");
    static final AttributeKey<Long> REVENUE = AttributeKey.longKey("revenue");
    static final AttributeKey<String> PLAN = AttributeKey.stringKey(Workload.PLAN_KEY);
    static final AttributeKey<Long> QUANTITY = AttributeKey.longKey(Workload.QUANTITY_KEY);
    static final AttributeKey<Boolean> COUPON = AttributeKey.booleanKey(Workload.COUPON_KEY);
    static final AttributeKey<Double> PRICE = AttributeKey.doubleKey(Workload.PRICE_KEY);

    final JsonSpanExporter exporter;
    final SdkTracerProvider provider;
    final Tracer tracer;

    /**
     * @param queueSize the processor's queue, {@code 0} for its default (2048)
     * @param batchSize the export batch, {@code 0} for its default (512)
     */
    OtelSetup(CountingIngest ingest, int queueSize, int batchSize, Duration readTimeout) {
        this(ingest.endpoint(), queueSize, batchSize, readTimeout);
    }

    OtelSetup(URI endpoint, int queueSize, int batchSize, Duration readTimeout) {
        this(new JsonSpanExporter(endpoint, readTimeout), exporter -> exporter, queueSize, batchSize);
    }

    /** As above, with the processor exporting through {@code wrap} of the JSON exporter. */
    OtelSetup(JsonSpanExporter json, UnaryOperator<SpanExporter> wrap, int queueSize, int batchSize) {
        exporter = json;
        BatchSpanProcessorBuilder b = BatchSpanProcessor.builder(wrap.apply(json));
        if (queueSize > 0) {
            b.setMaxQueueSize(queueSize);
        }
        if (batchSize > 0) {
            b.setMaxExportBatchSize(batchSize);
        }
        provider = SdkTracerProvider.builder().addSpanProcessor(b.build()).build();
        tracer = provider.get("pagent-benchmarks");
    }

    /** The workload's {@code i}-th event, as a span with attributes, ended at once. */
    void event(int i, String sessionId, String userId) {
        tracer.spanBuilder(Workload.LABEL)
                .setAttribute(SESSION_ID, sessionId)
                .setAttribute(USER_ID, userId)
                .setAttribute(CONVERSION_ID, Workload.GOAL_ID)
                .setAttribute(REVENUE, Workload.REVENUE_CENTS)
                .setAttribute(PLAN, Workload.PLAN)
                .setAttribute(QUANTITY, (long) Workload.quantity(i))
                .setAttribute(COUPON, Workload.coupon(i))
                .setAttribute(PRICE, Workload.price(i))
                .startSpan()
                .end();
    }

    /** Closes without waiting for stalled exports. */
    void close() {
        exporter.cancelAll();
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
