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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory path over the same ingest as {@link RelayThroughput}: {@value RelayThroughput#ROWS}
 * events tracked, then {@code flush}: the round-trip bound a relay's throughput is compared with.
 */
@BenchmarkMode(Mode.SingleShotTime) // one invocation empties the outbox: score is µs per event
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@State(Scope.Benchmark)
public class MemoryThroughput {
    private FakeIngest ingest;
    private final List<Conversion> events = new ArrayList<>(RelayThroughput.ROWS);

    @Setup(Level.Trial)
    public void start() {
        ingest = FakeIngest.start();
        ingest.countOnly(true);
        for (int i = 0; i < RelayThroughput.ROWS; i++) {
            events.add(Conversion.builder()
                    .sessionId("session-" + i)
                    .userId("user-" + i)
                    .conversionId("6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
                    .label("checkout")
                    .revenueCents(999)
                    .build());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        ingest.close();
    }

    @Benchmark
    @OperationsPerInvocation(RelayThroughput.ROWS)
    public boolean trackAndFlush() {
        try (PagentClient client = RelayThroughput.client(ingest).build()) {
            for (Conversion c : events) {
                client.track(c);
            }
            return client.flush(Duration.ofMinutes(1));
        }
    }
}
