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
 * How fast relays empty an outbox of committed rows into {@link FakeIngest}, in µs per event
 * (from embedded PostgreSQL, with a WAL flush per commit, through a HikariCP pool): {@value #ROWS}
 * rows per invocation ({@code outboxRelay}), and {@value #MANY_ROWS} ({@code outboxRelay50k}), where
 * the start of an invocation (new relays, claims growing from one batch, the client's requests in
 * flight growing from two) weighs a tenth as much; {@code latencyMs} 50 adds 50 ms to each of the
 * ingest's answers, so that the round trip rather than CPU bounds both paths. {@link MemoryThroughput}
 * measures the in-memory path over the same ingest: the round-trip bound the relay should reach.
 */
@BenchmarkMode(Mode.SingleShotTime) // one invocation empties the outbox: score is µs per event
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
public class RelayThroughput {
    static final int ROWS = 5_000;
    static final int MANY_ROWS = 50_000;

    /** An embedded PostgreSQL and an ingest for the trial; {@link #rows()} committed rows per invocation. */
    @State(Scope.Benchmark)
    public static class Outbox {
        @Param({"1", "3"})
        public int relays;

        Postgres db;
        FakeIngest ingest;
        private final List<Conversion> events = new ArrayList<>();

        int rows() {
            return ROWS;
        }

        /** Added to every answer of the ingest, in ms: 0 for none. */
        int latencyMs() {
            return 0;
        }

        @Setup(Level.Trial)
        public void start() throws Exception {
            db = new Postgres(16, true);
            ingest = MemoryThroughput.ingest(latencyMs());
            events.addAll(MemoryThroughput.events(rows()));
        }

        @Setup(Level.Invocation)
        public void fill() throws Exception {
            db.truncate();
            OutboxWriter writer = OutboxWriter.create();
            try (Connection c = db.pool.getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < events.size(); i += 500) {
                    writer.writeAll(c, events.subList(i, Math.min(events.size(), i + 500)));
                }
                c.commit();
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            ingest.close();
            db.close();
        }
    }

    /** {@value #MANY_ROWS} rows per invocation, with or without latency added by the ingest. */
    public static class ManyRows extends Outbox {
        /** Added to every answer, in ms: 0 (CPU-bound) or 50 (where the round trip bounds the in-memory path). */
        @Param({"0", "50"})
        public int latencyMs;

        @Override
        int rows() {
            return MANY_ROWS;
        }

        @Override
        int latencyMs() {
            return latencyMs;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long outboxRelay(Outbox outbox) {
        return empty(outbox);
    }

    @Benchmark
    @OperationsPerInvocation(MANY_ROWS)
    public long outboxRelay50k(ManyRows outbox) {
        return empty(outbox);
    }

    private static long empty(Outbox outbox) {
        List<OutboxRelay> running = new ArrayList<>();
        for (int i = 0; i < outbox.relays; i++) {
            running.add(OutboxRelay.builder()
                    .dataSource(outbox.db.pool)
                    .client(client(outbox.ingest))
                    .pollInterval(Duration.ofMillis(5))
                    .build()
                    .start());
        }
        long delivered;
        while ((delivered =
                        running.stream().mapToLong(r -> r.stats().delivered()).sum())
                < outbox.rows()) {
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
