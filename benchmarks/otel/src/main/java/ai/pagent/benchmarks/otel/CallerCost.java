package ai.pagent.benchmarks.otel;

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
 * What building a span with the workload's attributes and ending it costs a request thread, at 1
 * and 2 threads, with a {@code BatchSpanProcessor} (batches of 100) whose ingest is stalled, so no
 * export runs, under the same conditions as pagent's {@code CallerCost}: a queue large enough that
 * nothing is dropped (issue 9's independent harness measured so), each ended span kept in the queue
 * until its provider is closed. A provider whose queue is full is swapped for a fresh one, and the
 * full one is shut down on a short-lived background thread, as pagent's harness does with a full
 * client; a thread counts its own spans (no shared counter in the measured path), and swaps once it
 * has ended its share of a queue.
 *
 * <p>Every SDK's {@code CallerCost} runs with {@code -XX:+AlwaysPreTouch}: with a 3 GB young
 * generation and no pre-touching, every allocation in the measured seconds lands on a page the
 * process touches for the first time, and the page faults (about 1.4 µs per 400 B here) were what
 * the benchmark measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms5g", "-Xmx5g", "-Xmn3g", "-XX:G1HeapRegionSize=32m", "-XX:+AlwaysPreTouch"})
public class CallerCost {
    /** Spans a provider's queue holds: about what one of pagent's clients holds in this benchmark. */
    static final int QUEUE = 1 << 18;

    /** Tracer providers pointed at a stalled ingest, swapped when one's queue is full. */
    @State(Scope.Benchmark)
    public static class Client {
        private CountingIngest ingest;
        private volatile OtelSetup current;
        private final ArrayDeque<OtelSetup> spares = new ArrayDeque<>();
        private final List<OtelSetup> all = new ArrayList<>();
        private final List<Thread> closers = new ArrayList<>();
        private int starved;
        private int swaps;

        @Setup(Level.Trial)
        public void start() {
            ingest = CountingIngest.start("\"span_id\"").stall(true);
        }

        @Setup(Level.Iteration)
        public void fresh() throws InterruptedException {
            inShortLivedThread(() -> {
                synchronized (this) {
                    for (int i = 0; i < 16; i++) {
                        spares.add(newSetup());
                    }
                    starved = 0;
                    swaps = 0;
                }
                current = newSetup();
            });
        }

        private OtelSetup newSetup() {
            OtelSetup s = new OtelSetup(ingest, QUEUE, 100, Duration.ofMinutes(10));
            synchronized (this) {
                all.add(s);
            }
            return s;
        }

        /** Moves to a fresh provider unless another thread did since {@code wasFull} was read. */
        synchronized OtelSetup swap(OtelSetup wasFull) {
            if (current == wasFull) {
                OtelSetup next = spares.poll();
                if (next == null) {
                    starved++;
                    next = newSetup();
                }
                current = next;
                swaps++;
                all.remove(wasFull); // its closer shuts it down
                Thread closer = new Thread(wasFull::close);
                closer.setDaemon(true);
                closers.add(closer);
                closer.start();
            }
            return current;
        }

        @TearDown(Level.Iteration)
        public void close() throws InterruptedException {
            inShortLivedThread(() -> {
                List<Thread> closing;
                List<OtelSetup> setups;
                synchronized (this) {
                    closing = new ArrayList<>(closers);
                    closers.clear();
                    setups = new ArrayList<>(all);
                    all.clear();
                    spares.clear();
                    if (starved > 0) {
                        System.out.println("note: " + starved + " of " + swaps + " provider swaps had no spare ready");
                    }
                }
                for (Thread t : closing) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (OtelSetup s : setups) {
                    s.close();
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() {
            ingest.close();
        }
    }

    /** One benchmark thread's position in the id pools, and its spans on the current provider. */
    @State(Scope.Thread)
    public static class Caller {
        int i;
        int share;
        int ended;
        OtelSetup on; // null until the first span

        @Setup(Level.Iteration)
        public void start(BenchmarkParams params) {
            share = QUEUE / params.getThreads();
            ended = 0;
            on = null;
        }
    }

    /** Ends the {@code i}-th span on the current provider, swapping first when this thread's share of it is used. */
    static void event(Client client, Caller caller) {
        OtelSetup s = client.current;
        if (s != caller.on) {
            caller.on = s;
            caller.ended = 0;
        } else if (caller.ended == caller.share) {
            s = client.swap(s);
            caller.on = s;
            caller.ended = 0;
        }
        caller.ended++;
        int i = caller.i++;
        s.event(i, Workload.sessionId(i), Workload.userId(i));
    }

    static void inShortLivedThread(Runnable work) throws InterruptedException {
        Thread t = new Thread(work, "bench-setup");
        t.start();
        t.join();
    }

    @Benchmark
    @Threads(1)
    public void buildAndTrack1(Client client, Caller caller) {
        event(client, caller);
    }

    @Benchmark
    @Threads(2)
    public void buildAndTrack2(Client client, Caller caller) {
        event(client, caller);
    }
}
