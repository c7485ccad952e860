package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry's side of issue 12's backlog drain (pagent's is {@code
 * ai.pagent.benchmarks.pagent.Drain}): {@value #BACKLOG} spans wait in a {@code BatchSpanProcessor}
 * whose queue holds them all (the big-queue settings of the outage run), while its exporter is held,
 * as after an outage; then the exporter is released and the clock runs until {@code forceFlush()}
 * has every export answered. The ingest is the {@link CountingIngest} pagent's {@code counting}
 * scenarios use, as is ({@code counting}) and with 50 ms added to every answer ({@code counting50ms}).
 * The processor exports one batch at a time, so its rate is batch size / round trip: {@code bigQueue}
 * keeps its default batch of 512, {@code batch100} uses pagent's 100.
 *
 * <p>The clock starts only once every span is queued, so span building is not in OpenTelemetry's
 * time, while pagent's includes its {@code track()} calls: the comparison favours OpenTelemetry.
 * Prints {@code @@ drain <scenario> otel-<settings> events=… seconds=… eventsPerSecond=… lost=…}.
 */
public final class Drain {
    static final int BACKLOG = Integer.getInteger("drain.events", 100_000);
    private static final Duration LATENCY = Duration.ofMillis(50);

    private Drain() {}

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length > 0 ? List.of(args) : List.of("counting", "counting50ms");
        System.out.println("== load: " + loadAverage());
        for (String scenario : scenarios) {
            for (String settings : new String[] {"bigQueue", "batch100"}) {
                run(scenario, settings);
            }
        }
        System.out.println("== load: " + loadAverage());
    }

    private static void run(String scenario, String settings) throws InterruptedException {
        try (CountingIngest ingest = CountingIngest.start("\"span_id\"")) {
            if (scenario.equals("counting50ms")) {
                ingest.latency(LATENCY);
            }
            JsonSpanExporter json = new JsonSpanExporter(ingest.endpoint(), Duration.ofSeconds(10));
            Held held = new Held(json);
            OtelSetup otel = new OtelSetup(json, e -> held, BACKLOG + 10_000, settings.equals("batch100") ? 100 : 0);
            try {
                for (int i = 0; i < BACKLOG; i++) {
                    otel.event(i, Workload.freshSessionId(i), Workload.freshUserId(i));
                }
                long started = System.nanoTime();
                held.release();
                boolean done =
                        otel.provider.forceFlush().join(3, TimeUnit.MINUTES).isSuccess();
                double seconds = (System.nanoTime() - started) / 1e9;
                long delivered = ingest.awaitEvents(BACKLOG, Duration.ofSeconds(5));
                System.out.printf(
                        "@@ drain %s otel-%s events=%d seconds=%.3f eventsPerSecond=%.0f lost=%d requests=%d"
                                + " flushed=%s%n",
                        scenario,
                        settings,
                        BACKLOG,
                        seconds,
                        BACKLOG / seconds,
                        BACKLOG - delivered,
                        ingest.requests(),
                        done);
            } finally {
                otel.close();
            }
        }
    }

    /** Holds every export until {@link #release()}: the outage during which the backlog builds up. */
    private static final class Held implements SpanExporter {
        private final SpanExporter delegate;
        private final CountDownLatch released = new CountDownLatch(1);

        Held(SpanExporter delegate) {
            this.delegate = delegate;
        }

        void release() {
            released.countDown();
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            try {
                released.await(); // on the processor's worker thread: it takes nothing more meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableResultCode.ofFailure();
            }
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            release();
            return delegate.shutdown();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
