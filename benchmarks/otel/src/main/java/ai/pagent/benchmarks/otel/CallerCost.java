package ai.pagent.benchmarks.otel;

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
 * What building a span with the workload's attributes and ending it costs a request thread, at 1
 * and 2 threads, with a {@code BatchSpanProcessor} (batches of 100, its default queue of 2048) whose
 * ingest is stalled, so no export runs. The queue is full after 2048 spans and {@code end()} then
 * drops each span: OpenTelemetry's cheapest path (no queue slot taken, nothing kept alive for the
 * GC to copy), which favours it in the comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms5g", "-Xmx5g", "-Xmn3g", "-XX:G1HeapRegionSize=32m"})
public class CallerCost {

    /** A tracer provider per iteration, pointed at a stalled ingest. */
    @State(Scope.Benchmark)
    public static class Client {
        private CountingIngest ingest;
        OtelSetup otel;

        @Setup(Level.Trial)
        public void start() {
            ingest = CountingIngest.start("\"span_id\"").stall(true);
        }

        @Setup(Level.Iteration)
        public void fresh() {
            otel = new OtelSetup(ingest, 0, 100, Duration.ofMinutes(10));
        }

        @TearDown(Level.Iteration)
        public void close() {
            otel.close();
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
        client.otel.event(i, Workload.sessionId(i), Workload.userId(i));
    }

    @Benchmark
    @Threads(2)
    public void buildAndTrack2(Client client, Caller caller) {
        int i = caller.i++;
        client.otel.event(i, Workload.sessionId(i), Workload.userId(i));
    }
}
