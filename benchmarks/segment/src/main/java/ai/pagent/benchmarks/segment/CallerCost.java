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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code analytics.enqueue(TrackMessage.builder(…))} costs a request thread, at 1 and 2 threads:
 * building the message (Segment builds it inside {@code enqueue}) and handing it over. As for pagent,
 * the ingest is stalled so that no upload runs; Segment's looper thread still takes every message off
 * the queue (serializing it to size its batch) and keeps it in a batch waiting for the network thread.
 * A fresh client per iteration; the same JVM options as pagent's caller-cost benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms5g", "-Xmx5g", "-Xmn3g", "-XX:G1HeapRegionSize=32m", "-XX:+AlwaysPreTouch"})
public class CallerCost {

    /** A Segment client per iteration, pointed at a stalled ingest. */
    @State(Scope.Benchmark)
    public static class Client {
        private CountingIngest ingest;
        SegmentSetup segment;

        @Setup(Level.Trial)
        public void start() {
            ingest = CountingIngest.start("\"messageId\"").stall(true);
        }

        @Setup(Level.Iteration)
        public void fresh() {
            segment = new SegmentSetup(ingest, false, Duration.ofMinutes(10));
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

    /** One benchmark thread's position in the id pools. */
    @State(Scope.Thread)
    public static class Caller {
        int i;
    }

    @Benchmark
    @Threads(1)
    public void buildAndTrack1(Client client, Caller caller) {
        int i = caller.i++;
        client.segment.analytics.enqueue(SegmentSetup.event(i, Workload.sessionId(i), Workload.userId(i)));
    }

    @Benchmark
    @Threads(2)
    public void buildAndTrack2(Client client, Caller caller) {
        int i = caller.i++;
        client.segment.analytics.enqueue(SegmentSetup.event(i, Workload.sessionId(i), Workload.userId(i)));
    }
}
