package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.OutageScenario;
import ai.pagent.benchmarks.harness.Workload;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8's outage scenario for OpenTelemetry (see {@link OutageScenario}): a {@code
 * BatchSpanProcessor} with its defaults (queue 2048, batches of 512), and with a queue that holds
 * every event ({@code bigQueue}); closed with {@code SdkTracerProvider.shutdown()}, which exports
 * what is queued. The exporter retries as OTLP's does by default.
 */
public final class Outage implements OutageScenario.Subject {
    private final String settings;
    private OtelSetup otel;

    private Outage(String settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        for (String settings : new String[] {"defaults", "bigQueue"}) {
            OutageScenario.run("otel", settings, OutageScenario.counting("\"span_id\""), new Outage(settings));
        }
    }

    @Override
    public void open(URI endpoint) {
        otel = new OtelSetup(
                endpoint, settings.equals("bigQueue") ? OutageScenario.EVENTS + 5_000 : 0, 0, Duration.ofSeconds(10));
    }

    @Override
    public void track(int i) {
        otel.event(i, Workload.freshSessionId(i), Workload.freshUserId(i));
    }

    @Override
    public void close() {
        otel.provider.shutdown().join(1, TimeUnit.MINUTES);
    }

    @Override
    public long dropped() {
        return -1;
    }
}
