package ai.pagent.benchmarks.segment;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.RetainedHeap;
import ai.pagent.benchmarks.harness.Workload;
import java.time.Duration;

/** Retained heap per queued event through Segment (see {@link RetainedHeap}); a main program. */
public final class Retained implements RetainedHeap.Subject {
    private SegmentSetup segment;

    public static void main(String[] args) throws Exception {
        RetainedHeap.measure("segment", new Retained());
    }

    @Override
    public void open(CountingIngest ingest, int events) {
        segment = new SegmentSetup(ingest, false, Duration.ofMinutes(10));
    }

    @Override
    public void queue(int i) {
        segment.analytics.enqueue(SegmentSetup.event(i, Workload.freshSessionId(i), Workload.freshUserId(i)));
    }

    @Override
    public void close() {
        segment.close();
    }
}
