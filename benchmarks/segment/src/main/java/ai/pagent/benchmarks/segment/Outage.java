package ai.pagent.benchmarks.segment;

import ai.pagent.benchmarks.harness.OutageScenario;
import ai.pagent.benchmarks.harness.Workload;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8's outage scenario for Segment (see {@link OutageScenario}): analytics-java with its
 * defaults, closed as its documentation says ({@code flush()} then {@code shutdown()}), then its
 * network thread given a minute to finish.
 */
public final class Outage implements OutageScenario.Subject {
    private SegmentSetup segment;

    public static void main(String[] args) throws Exception {
        OutageScenario.run("segment", "defaults", OutageScenario.counting("\"messageId\""), new Outage());
    }

    @Override
    public void open(URI endpoint) {
        segment = new SegmentSetup(endpoint, true, Duration.ofSeconds(10));
    }

    @Override
    public void track(int i) {
        segment.analytics.enqueue(SegmentSetup.event(i, Workload.freshSessionId(i), Workload.freshUserId(i)));
    }

    @Override
    public void close() throws InterruptedException {
        segment.analytics.flush();
        segment.analytics.shutdown();
        segment.network.shutdown();
        segment.network.awaitTermination(1, TimeUnit.MINUTES);
    }

    @Override
    public long dropped() {
        return -1;
    }
}
