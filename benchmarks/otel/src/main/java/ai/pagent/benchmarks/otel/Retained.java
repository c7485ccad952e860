package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.RetainedHeap;
import ai.pagent.benchmarks.harness.Workload;
import java.time.Duration;

/** Retained heap per queued span in a {@code BatchSpanProcessor} (see {@link RetainedHeap}); a main. */
public final class Retained implements RetainedHeap.Subject {
    private OtelSetup otel;

    public static void main(String[] args) throws Exception {
        RetainedHeap.measure("otel", new Retained());
    }

    @Override
    public void open(CountingIngest ingest, int events) {
        otel = new OtelSetup(ingest, events + 1000, 100, Duration.ofMinutes(10));
    }

    @Override
    public void queue(int i) {
        otel.event(i, Workload.freshSessionId(i), Workload.freshUserId(i));
    }

    @Override
    public void close() {
        otel.close();
    }
}
