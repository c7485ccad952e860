package ai.pagent.benchmarks.segment;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Delivered events per second for a burst of {@link Workload#BURST} events through Segment, as for
 * pagent: one thread enqueues them all, then {@code flush()}es; the clock stops when the ingest has
 * counted them all (or none arrived for 5 s). {@code holdsBurst}: batches of 100 (Segment's queue is
 * unbounded by default, so it always holds the burst); {@code defaults}: Segment's defaults (batches
 * of 250, a flush every 10 s).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class EndToEnd {
    @Param({"holdsBurst", "defaults"})
    public String settings;

    private CountingIngest ingest;
    private SegmentSetup segment;
    private boolean measured;

    @Setup(Level.Trial)
    public void start() {
        ingest = CountingIngest.start("\"messageId\"");
    }

    @Setup(Level.Iteration)
    public void fresh(IterationParams iteration) {
        measured = iteration.getType() == IterationType.MEASUREMENT;
        ingest.reset();
        segment = new SegmentSetup(ingest, settings.equals("defaults"), Duration.ofSeconds(15));
    }

    @Benchmark
    public long burst() {
        long start = System.nanoTime();
        for (int i = 0; i < Workload.BURST; i++) {
            segment.analytics.enqueue(SegmentSetup.event(i, Workload.sessionId(i), Workload.userId(i)));
        }
        segment.analytics.flush();
        long delivered = ingest.awaitEvents(Workload.BURST, Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (measured) {
            System.out.printf(
                    "@@ e2e segment %s delivered=%d dropped=%d seconds=%.4f%n",
                    settings, delivered, Workload.BURST - delivered, seconds);
        }
        return delivered;
    }

    @TearDown(Level.Iteration)
    public void close() {
        segment.close();
    }

    @TearDown(Level.Trial)
    public void stop() {
        ingest.close();
    }
}
