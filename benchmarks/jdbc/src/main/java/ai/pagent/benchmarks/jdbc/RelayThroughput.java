package ai.pagent.benchmarks.jdbc;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.jdbc.OutboxWriter;
import ai.pagent.test.FakeIngest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * How fast relays empty an outbox of {@value #ROWS} committed rows into {@link FakeIngest}, in
 * events per second (from embedded PostgreSQL, with a WAL flush per commit, through a HikariCP
 * pool). {@link MemoryThroughput} measures the in-memory path over the same ingest: the round-trip
 * bound the relay should reach.
 */
@BenchmarkMode(Mode.SingleShotTime) // one invocation empties the outbox: score is µs per event
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@State(Scope.Benchmark)
public class RelayThroughput {
    static final int ROWS = 5_000;

    @Param({"1", "3"})
    public int relays;

    private Postgres db;
    private FakeIngest ingest;
    private final List<Conversion> events = new ArrayList<>(ROWS);

    @Setup(Level.Trial)
    public void start() throws Exception {
        db = new Postgres(16, true);
        ingest = FakeIngest.start();
        ingest.countOnly(true);
        for (int i = 0; i < ROWS; i++) {
            events.add(Conversion.builder()
                    .sessionId("session-" + i)
                    .userId("user-" + i)
                    .conversionId("6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
                    .label("checkout")
                    .revenueCents(999)
                    .build());
        }
    }

    @Setup(Level.Invocation)
    public void fill() throws Exception {
        db.truncate();
        OutboxWriter writer = OutboxWriter.create();
        try (Connection c = db.pool.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < ROWS; i += 500) {
                writer.writeAll(c, events.subList(i, Math.min(ROWS, i + 500)));
            }
            c.commit();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        ingest.close();
        db.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long outboxRelay() {
        List<OutboxRelay> running = new ArrayList<>();
        for (int i = 0; i < relays; i++) {
            running.add(OutboxRelay.builder()
                    .dataSource(db.pool)
                    .client(client(ingest))
                    .pollInterval(Duration.ofMillis(5))
                    .build()
                    .start());
        }
        long delivered;
        while ((delivered =
                        running.stream().mapToLong(r -> r.stats().delivered()).sum())
                < ROWS) {
            LockSupport.parkNanos(200_000);
        }
        running.forEach(OutboxRelay::close);
        return delivered;
    }

    static PagentClient.Builder client(FakeIngest ingest) {
        return PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .flushInterval(Duration.ofMillis(5));
    }
}
