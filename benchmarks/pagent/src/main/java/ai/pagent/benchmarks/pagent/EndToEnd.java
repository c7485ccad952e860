package ai.pagent.benchmarks.pagent;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import ai.pagent.test.FakeIngest;
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
 * Delivered events per second for a burst of {@link Workload#BURST} events: one thread builds and
 * tracks them as fast as it can, then {@code flush()}es; the clock stops when the ingest has counted
 * every event that was not dropped. Each burst prints {@code @@ e2e pagent <settings> delivered=…
 * dropped=… seconds=…} for the report.
 *
 * <ul>
 *   <li>{@code holdsBurst}: a queue large enough for the burst (throughput, not drops); otherwise the
 *       defaults. Into the counting ingest every SDK uses.
 *   <li>{@code defaults}: the client as built with no settings (queue of 10 000): most of the burst
 *       is dropped, and counted.
 *   <li>{@code fakeIngest}: as {@code holdsBurst}, into {@code FakeIngest} in count-only mode, which
 *       parses and checks every event of our wire format: proof that the payload is real.
 * </ul>
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
    @Param({"holdsBurst", "defaults", "fakeIngest"})
    public String settings;

    private CountingIngest counting;
    private FakeIngest fake;
    private PagentClient client;
    private boolean measured;

    @Setup(Level.Trial)
    public void start() {
        if (settings.equals("fakeIngest")) {
            fake = FakeIngest.start().countOnly(true);
        } else {
            counting = CountingIngest.start("\"conversion_id\"");
        }
    }

    @Setup(Level.Iteration)
    public void fresh(IterationParams iteration) {
        measured = iteration.getType() == IterationType.MEASUREMENT;
        PagentClient.Builder b = PagentClient.builder();
        if (fake != null) {
            fake.reset();
            fake.countOnly(true);
            b.apiKey(fake.apiKey()).endpoint(fake.endpoint());
        } else {
            counting.reset();
            b.apiKey("bench-key").endpoint(counting.endpoint());
        }
        if (!settings.equals("defaults")) {
            b.queueCapacity(Workload.BURST + 10_000);
        }
        client = b.build();
    }

    @Benchmark
    public long burst() {
        long start = System.nanoTime();
        int queued = 0;
        for (int i = 0; i < Workload.BURST; i++) {
            if (client.track(CallerCost.build(i))) {
                queued++;
            }
        }
        client.flush(Duration.ofMinutes(2));
        long delivered = fake != null ? fake.acceptedCount() : counting.awaitEvents(queued, Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (measured) {
            PagentStats stats = client.stats();
            System.out.printf(
                    "@@ e2e pagent %s delivered=%d dropped=%d seconds=%.4f%n",
                    settings, delivered, stats.dropped(), seconds);
        }
        return delivered;
    }

    @TearDown(Level.Iteration)
    public void closeClient() {
        client.close();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (fake != null) {
            fake.close();
        }
        if (counting != null) {
            counting.close();
        }
    }
}
