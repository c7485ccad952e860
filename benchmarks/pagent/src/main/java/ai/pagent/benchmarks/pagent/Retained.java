package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.RetainedHeap;
import ai.pagent.benchmarks.harness.Workload;
import java.time.Duration;

/** Retained heap per queued event (see {@link RetainedHeap}); a main program, not a JMH benchmark. */
public final class Retained implements RetainedHeap.Subject {
    private PagentClient client;

    public static void main(String[] args) throws Exception {
        RetainedHeap.measure("pagent", new Retained());
    }

    @Override
    public void open(CountingIngest ingest, int events) {
        client = PagentClient.builder()
                .apiKey("bench-key")
                .endpoint(ingest.endpoint())
                .queueCapacity(events)
                .readTimeout(Duration.ofMinutes(10))
                .shutdownTimeout(Duration.ofMillis(1))
                .build();
    }

    @Override
    public void queue(int i) {
        client.track(Conversion.builder()
                .sessionId(Workload.freshSessionId(i))
                .userId(Workload.freshUserId(i))
                .conversionId(Workload.GOAL_ID)
                .label(Workload.LABEL)
                .revenueCents(Workload.REVENUE_CENTS)
                .properties(Workload.properties(i))
                .build());
    }

    @Override
    public void close() {
        client.close();
    }
}
