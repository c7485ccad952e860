package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.ThreadCpu;
import ai.pagent.benchmarks.harness.Workload;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry's {@code counting} drain of {@link Drain}, repeated in one JVM, with the CPU time each
 * drain cost per group of threads ({@link ThreadCpu}), as pagent's {@code DrainCpu} measures it.
 * Prints {@code @@ draincpu <label> r=<round> eventsPerSecond=… <group>=<ms>…}; read the warm rounds
 * (2 on). {@code java -cp benchmarks.jar ai.pagent.benchmarks.otel.DrainCpu [label] [rounds]
 * [batchSize]} (batch size 0: the processor's default of 512).
 */
public final class DrainCpu {
    private DrainCpu() {}

    public static void main(String[] args) throws Exception {
        String label = args.length > 0 ? args[0] : "otel";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        for (int r = 0; r < rounds; r++) {
            try (CountingIngest ingest = CountingIngest.start("\"span_id\"")) {
                JsonSpanExporter json = new JsonSpanExporter(ingest.endpoint(), Duration.ofSeconds(10));
                CountDownLatch released = new CountDownLatch(1);
                SpanExporter held = new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return CompletableResultCode.ofFailure();
                        }
                        return json.export(spans);
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return json.flush();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        released.countDown();
                        return json.shutdown();
                    }
                };
                OtelSetup otel = new OtelSetup(json, e -> held, Drain.BACKLOG + 10_000, batch);
                try {
                    for (int i = 0; i < Drain.BACKLOG; i++) {
                        otel.event(i, Workload.freshSessionId(i), Workload.freshUserId(i));
                    }
                    System.gc();
                    String load = ThreadCpu.loadAverage();
                    ThreadCpu before = ThreadCpu.now();
                    long started = System.nanoTime();
                    released.countDown();
                    boolean done =
                            otel.provider.forceFlush().join(3, TimeUnit.MINUTES).isSuccess();
                    long nanos = System.nanoTime() - started;
                    ThreadCpu after = ThreadCpu.now();
                    long delivered = ingest.awaitEvents(Drain.BACKLOG, Duration.ofSeconds(5));
                    System.out.println(after.drainLine(label, r, load, Drain.BACKLOG, nanos, delivered, done, before));
                } finally {
                    otel.close();
                }
            }
        }
    }
}
