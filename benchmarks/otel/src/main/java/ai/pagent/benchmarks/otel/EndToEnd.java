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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Delivered spans per second for a burst of {@link Workload#BURST} spans, as for pagent: one thread
 * ends them all, then {@code forceFlush()}es; the clock stops when every exported span is counted.
 * {@code holdsBurst}: queue enlarged to hold the burst, batches of 100; {@code defaults}: the
 * processor's defaults (queue 2048, batches of 512): spans that find the queue full are dropped.
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
    private OtelSetup otel;
    private boolean measured;

    @Setup(Level.Trial)
    public void start() {
        ingest = CountingIngest.start("\"span_id\"");
    }

    @Setup(Level.Iteration)
    public void fresh(IterationParams iteration) {
        measured = iteration.getType() == IterationType.MEASUREMENT;
        ingest.reset();
        boolean defaults = settings.equals("defaults");
        otel = new OtelSetup(
                ingest, defaults ? 0 : Workload.BURST + 10_000, defaults ? 0 : 100, Duration.ofSeconds(10));
    }

    @Benchmark
    public long burst() {
        long start = System.nanoTime();
        for (int i = 0; i < Workload.BURST; i++) {
            otel.event(i, Workload.sessionId(i), Workload.userId(i));
        }
        otel.provider.forceFlush().join(2, TimeUnit.MINUTES);
        long delivered = ingest.events();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (measured) {
            System.out.printf(
                    "@@ e2e otel %s delivered=%d dropped=%d seconds=%.4f%n",
                    settings, delivered, Workload.BURST - delivered, seconds);
        }
        return delivered;
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
