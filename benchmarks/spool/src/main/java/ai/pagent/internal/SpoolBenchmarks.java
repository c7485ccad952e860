package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import ai.pagent.PagentClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The durable spool's two speed targets. Lives in {@code ai.pagent.internal} to reach the
 * package-private spool directly.
 *
 * <ul>
 *   <li>{@link Caller}: what {@code track()} costs the caller with the spool on (and off, for
 *       comparison): a dry-run client, so delivery is instant; before each group of 1 000 tracks
 *       (outside the measurement) the client is flushed, so the queue never fills and every event is
 *       really handed to the spool's writer, which runs concurrently on the other core.
 *   <li>{@link Writes}: events per second the writer appends and forces to the disk: each operation
 *       offers 10 000 events and waits until the writer has handed all of them to the OS.
 * </ul>
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpoolBenchmarks {
    static final int GROUP = 1000;
    static final int WRITES = 10_000;

    static Conversion[] events(int n) {
        Conversion[] events = new Conversion[n];
        for (int i = 0; i < n; i++) {
            events[i] = Conversion.builder()
                    .sessionId("session-" + i)
                    .userId("user-" + (i % 97))
                    .conversionId("3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34")
                    .label("checkout")
                    .revenueCents(999 + i)
                    .properties(Map.of("plan", "pro", "items", 3))
                    .build();
        }
        return events;
    }

    /** A dry-run client, spooled or not; flushed before each group of tracks. */
    @State(Scope.Thread)
    public static class Caller {
        @Param({"spool", "memory"})
        public String buffer;

        Path dir;
        PagentClient client;
        final Conversion[] events = events(GROUP);

        @Setup(Level.Trial)
        public void start() throws IOException {
            dir = Files.createTempDirectory("pagent-spool-bench");
            PagentClient.Builder b =
                    PagentClient.builder().dryRun(true).queueCapacity(100_000).flushInterval(Duration.ofMillis(5));
            if (buffer.equals("spool")) {
                b.spool(dir);
            }
            client = b.build();
        }

        @Setup(Level.Invocation)
        public void drain() {
            if (!client.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the client did not drain");
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            client.close();
            if (client.stats().dropped(DropReason.QUEUE_FULL) > 0) {
                throw new IllegalStateException("events were dropped: the measurement is void");
            }
            delete(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(GROUP)
    public int track(Caller c) {
        int queued = 0;
        for (Conversion e : c.events) {
            queued += c.client.track(e) ? 1 : 0;
        }
        return queued;
    }

    /** A spool buffer alone, with its writer; the dispatcher's part is played by the benchmark. */
    @State(Scope.Thread)
    public static class Writes {
        @Param({"100", "0"})
        public int fsyncMillis;

        Path dir;
        SpoolEventBuffer spool;
        final Conversion[] events = events(WRITES);
        long offered;

        @Setup(Level.Trial)
        public void start() throws IOException {
            dir = Files.createTempDirectory("pagent-spool-bench");
            spool = new SpoolEventBuffer(
                    new SpoolSettings(dir, Duration.ofMillis(fsyncMillis), 1L << 32),
                    1 << 22,
                    1L << 40,
                    new PagentThreads(),
                    new SpoolEvents() {
                        @Override
                        public void available() {}

                        @Override
                        public void dropped(List<Conversion> list, DropReason reason, Runnable leave) {
                            throw new IllegalStateException("dropped " + list.size() + " as " + reason);
                        }

                        @Override
                        public void lost(int count, DropReason reason, Runnable leave) {
                            throw new IllegalStateException("lost " + count + " as " + reason);
                        }
                    });
        }

        /** Completes everything written so far, as delivery would; the writer records the acknowledgements. */
        @Setup(Level.Iteration)
        public void acknowledge() {
            List<Conversion> claimed = new ArrayList<>();
            spool.claim(claimed, Integer.MAX_VALUE);
            spool.completed(claimed);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            spool.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            delete(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WRITES)
    public long writes(Writes w) {
        for (Conversion e : w.events) {
            if (w.spool.offer(e) < 0) {
                throw new IllegalStateException("the spool refused an event");
            }
        }
        w.offered += WRITES;
        long spooled;
        while ((spooled = w.spool.spooled()) < w.offered) {
            Thread.onSpinWait();
        }
        return spooled;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
