package ai.pagent.benchmarks.jdbc;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory path over the same ingest as {@link RelayThroughput}: {@value RelayThroughput#ROWS}
 * ({@code trackAndFlush}) or {@value RelayThroughput#MANY_ROWS} ({@code trackAndFlush50k}) events
 * tracked, then {@code flush}: the round-trip bound a relay's throughput is compared with. With
 * {@code latencyMs} 50 the ingest adds 50 ms to each answer: up to 16 requests of 100 events in
 * flight then bound it at about 32 000 events/s.
 */
@BenchmarkMode(Mode.SingleShotTime) // one invocation delivers every event: score is µs per event
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
public class MemoryThroughput {
    /** An ingest for the trial and {@link #rows()} events to track per invocation. */
    @State(Scope.Benchmark)
    public static class Ingest {
        FakeIngest ingest;
        List<Conversion> events;

        int rows() {
            return RelayThroughput.ROWS;
        }

        /** Added to every answer of the ingest, in ms: 0 for none. */
        int latencyMs() {
            return 0;
        }

        @Setup(Level.Trial)
        public void start() {
            ingest = ingest(latencyMs());
            events = events(rows());
        }

        @TearDown(Level.Trial)
        public void stop() {
            ingest.close();
        }
    }

    /** {@value RelayThroughput#MANY_ROWS} events per invocation, with the same latency as {@link RelayThroughput.ManyRows}. */
    public static class ManyEvents extends Ingest {
        /** Added to every answer, in ms: 0 (CPU-bound) or 50 (the round trip bounds the client). */
        @Param({"0", "50"})
        public int latencyMs;

        @Override
        int rows() {
            return RelayThroughput.MANY_ROWS;
        }

        @Override
        int latencyMs() {
            return latencyMs;
        }
    }

    @Benchmark
    @OperationsPerInvocation(RelayThroughput.ROWS)
    public boolean trackAndFlush(Ingest ingest) {
        return deliver(ingest);
    }

    @Benchmark
    @OperationsPerInvocation(RelayThroughput.MANY_ROWS)
    public boolean trackAndFlush50k(ManyEvents ingest) {
        return deliver(ingest);
    }

    private static boolean deliver(Ingest ingest) {
        // A queue that holds them all: the bound is the round trips, not drops.
        try (PagentClient client = RelayThroughput.client(ingest.ingest)
                .queueCapacity(Math.max(10_000, ingest.events.size()))
                .build()) {
            for (Conversion c : ingest.events) {
                client.track(c);
            }
            return client.flush(Duration.ofMinutes(1));
        }
    }

    /** A counting ingest that adds {@code latencyMs} to every answer (none when 0). */
    static FakeIngest ingest(int latencyMs) {
        FakeIngest ingest = FakeIngest.start();
        ingest.countOnly(true);
        if (latencyMs > 0) {
            ingest.latency(Duration.ofMillis(latencyMs));
        }
        return ingest;
    }

    /** {@code n} distinct, valid events shaped like a checkout's. */
    static List<Conversion> events(int n) {
        List<Conversion> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(Conversion.builder()
                    .sessionId("session-" + i)
                    .userId("user-" + i)
                    .conversionId("6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
                    .label("checkout")
                    .revenueCents(999)
                    .build());
        }
        return events;
    }
}
