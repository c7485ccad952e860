package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What {@code track()} costs a request thread, alone ({@code track*}: a pre-built event) and with
 * building and validating the event ({@code buildAndTrack*}, properties from a {@code Map};
 * {@code buildTypedAndTrack*}, the same properties through {@code property(key, value)}), at 1 and
 * 2 threads.
 *
 * <p>The ingest is stalled, so no background thread sends anything: the measurement is the hand-over,
 * not delivery competing for the two cores. A request thread tracks tens of millions of events a
 * second, which would fill any queue within the iteration; {@link Clients} therefore swaps in a fresh
 * client whenever one is full. With pre-built events a full client holds only references to one
 * event and is kept until the iteration ends. With built events it would keep millions of events
 * alive, and the GC copying them would be measured instead of {@code track()}: full clients are
 * closed on a short-lived background thread at once, so their events die young as they would in a
 * healthy client. Allocation ({@code -prof gc}) counts every thread alive at the end of an iteration,
 * so all of this harness work runs on threads that end before it (see {@link
 * #inShortLivedThread}): what remains is the caller's allocation plus the stalled client's own
 * threads (a few KB per client).
 *
 * <p>{@code -XX:+AlwaysPreTouch}: with a 3 GB young generation and no pre-touching, every allocation
 * in the measured seconds lands on a page the process touches for the first time, and the page
 * faults (about 1.4 µs per 400 B on the 2-vCPU machine) were what the benchmark measured. Every SDK's
 * {@code CallerCost} runs with it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms5g", "-Xmx5g", "-Xmn3g", "-XX:G1HeapRegionSize=32m", "-XX:+AlwaysPreTouch"})
public class CallerCost {

    /** The clients the benchmark threads share, swapped when full. */
    @State(Scope.Benchmark)
    public static class Clients {
        private CountingIngest ingest;
        private boolean recycle;
        private int capacity;
        private volatile PagentClient current;
        private final ArrayDeque<PagentClient> spares = new ArrayDeque<>();
        private final List<PagentClient> full = new ArrayList<>();
        private final List<Thread> closers = new ArrayList<>();
        private int swaps;
        private int starved;

        @Setup(Level.Trial)
        public void start(BenchmarkParams params) {
            ingest = CountingIngest.start("\"conversion_id\"").stall(true);
            recycle = params.getBenchmark().contains("build");
            capacity = recycle ? 1 << 20 : 10_000_000;
        }

        @Setup(Level.Iteration)
        public void fresh() throws InterruptedException {
            inShortLivedThread(() -> {
                synchronized (this) {
                    for (int i = 0; i < (recycle ? 16 : 10); i++) {
                        spares.add(newClient());
                    }
                    swaps = 0;
                    starved = 0;
                }
                current = newClient();
            });
        }

        private PagentClient newClient() {
            return PagentClient.builder()
                    .apiKey("bench-key")
                    .endpoint(ingest.endpoint())
                    .queueCapacity(capacity)
                    // track*: bounded in events only. With the default 64 MiB byte budget a client of
                    // pre-built events was full after ~300 000 of them, so clients were swapped ~30
                    // times a second, the spares ran out and the benchmark thread itself built the next
                    // client (a queue of 10 M slots): ~160 B/op of harness allocation counted as
                    // track()'s. build*: the default, which holds ~300 000 events per client.
                    .queueCapacityBytes(recycle ? 64L << 20 : 1L << 40)
                    .readTimeout(Duration.ofMinutes(10))
                    .shutdownTimeout(Duration.ofMillis(1))
                    .build();
        }

        /** Tracks on the current client, moving to a fresh one when it is full. */
        boolean track(Conversion event) {
            PagentClient c = current;
            return c.track(event) || overflow(c, event);
        }

        private synchronized boolean overflow(PagentClient wasFull, Conversion event) {
            if (current == wasFull) {
                PagentClient next = spares.poll();
                if (next == null) {
                    starved++;
                    next = newClient();
                }
                current = next;
                swaps++;
                if (recycle) {
                    Thread closer = new Thread(wasFull::close);
                    closer.setDaemon(true);
                    closers.add(closer);
                    closer.start();
                } else {
                    full.add(wasFull);
                }
            }
            return current.track(event);
        }

        @TearDown(Level.Iteration)
        public void closeAll() throws InterruptedException {
            inShortLivedThread(() -> {
                List<Thread> closing;
                synchronized (this) {
                    closing = new ArrayList<>(closers);
                    closers.clear();
                }
                for (Thread t : closing) {
                    join(t);
                }
                List<PagentClient> all;
                synchronized (this) {
                    all = new ArrayList<>(full);
                    all.addAll(spares);
                    full.clear();
                    spares.clear();
                    if (starved > 0) {
                        System.out.println("note: " + starved + " of " + swaps + " client swaps had no spare ready");
                    }
                }
                all.add(current);
                for (PagentClient c : all) {
                    c.close();
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() {
            ingest.close();
        }
    }

    /**
     * Runs {@code work} on a thread that ends before the iteration does: JMH's {@code -prof gc} counts
     * the allocations of threads alive at the end of an iteration only, so setting up and closing
     * clients (queue arrays of tens of MB) stays out of {@code gc.alloc.rate.norm}.
     */
    static void inShortLivedThread(Runnable work) throws InterruptedException {
        Thread t = new Thread(work, "bench-setup");
        t.start();
        t.join();
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One benchmark thread's ids and its pre-built event. */
    @State(Scope.Thread)
    public static class Caller {
        int i;
        Conversion prebuilt;

        @Setup(Level.Trial)
        public void build() {
            prebuilt = CallerCost.build(0);
        }
    }

    static Conversion build(int i) {
        return Conversion.builder()
                .sessionId(Workload.sessionId(i))
                .userId(Workload.userId(i))
                .conversionId(Workload.GOAL_ID)
                .label(Workload.LABEL)
                .revenueCents(Workload.REVENUE_CENTS)
                .properties(Workload.properties(i))
                .build();
    }

    /**
     * The same event with its four properties set through the typed {@code property(key, value)}
     * setters instead of a {@code Map}: what a caller building from its own fields writes, as
     * OpenTelemetry's {@code SpanBuilder.setAttribute} is used.
     */
    static Conversion buildTyped(int i) {
        return Conversion.builder()
                .sessionId(Workload.sessionId(i))
                .userId(Workload.userId(i))
                .conversionId(Workload.GOAL_ID)
                .label(Workload.LABEL)
                .revenueCents(Workload.REVENUE_CENTS)
                .property(Workload.PLAN_KEY, Workload.PLAN)
                .property(Workload.QUANTITY_KEY, Workload.quantity(i))
                .property(Workload.COUPON_KEY, Workload.coupon(i))
                .property(Workload.PRICE_KEY, Workload.price(i))
                .build();
    }

    @Benchmark
    @Threads(1)
    public boolean track1(Clients clients, Caller caller) {
        return clients.track(caller.prebuilt);
    }

    @Benchmark
    @Threads(2)
    public boolean track2(Clients clients, Caller caller) {
        return clients.track(caller.prebuilt);
    }

    @Benchmark
    @Threads(1)
    public boolean buildAndTrack1(Clients clients, Caller caller) {
        return clients.track(build(caller.i++));
    }

    @Benchmark
    @Threads(2)
    public boolean buildAndTrack2(Clients clients, Caller caller) {
        return clients.track(build(caller.i++));
    }

    /** Building and validating alone, to split {@code buildAndTrack1} into its parts. */
    @Benchmark
    @Threads(1)
    public Conversion buildOnly1(Caller caller) {
        return build(caller.i++);
    }

    @Benchmark
    @Threads(1)
    public boolean buildTypedAndTrack1(Clients clients, Caller caller) {
        return clients.track(buildTyped(caller.i++));
    }

    @Benchmark
    @Threads(2)
    public boolean buildTypedAndTrack2(Clients clients, Caller caller) {
        return clients.track(buildTyped(caller.i++));
    }

    /** Building and validating alone with typed properties, to compare with {@code buildOnly1}. */
    @Benchmark
    @Threads(1)
    public Conversion buildTypedOnly1(Caller caller) {
        return buildTyped(caller.i++);
    }
}
