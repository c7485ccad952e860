package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentClient;
import ai.pagent.benchmarks.harness.CountingIngest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What building and tracking an event costs a request thread when the queue is full and the event
 * is dropped ({@code QUEUE_FULL}): without a listener, and with a registered {@link DeliveryListener}
 * that counts drops (issue 9 measured the listener raising it from 869 to 1 445 ns). The ingest is
 * stalled and the client's queue small, so every measured call drops.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class DropPath {

    @Param({"none", "counting"})
    public String listener;

    private CountingIngest ingest;
    private PagentClient client;
    private final LongAdder heard = new LongAdder();

    /** One benchmark thread's position in the id pools. */
    @State(Scope.Thread)
    public static class Caller {
        int i;
    }

    @Setup(Level.Trial)
    public void start() {
        ingest = CountingIngest.start("\"conversion_id\"").stall(true);
        PagentClient.Builder b = PagentClient.builder()
                .apiKey("bench-key")
                .endpoint(ingest.endpoint())
                .queueCapacity(100)
                .readTimeout(Duration.ofMinutes(10))
                .shutdownTimeout(Duration.ofMillis(1));
        if (listener.equals("counting")) {
            b.listener(new DeliveryListener() {
                @Override
                public void onDropped(Conversion event, DropReason reason) {
                    heard.increment();
                }
            });
        }
        client = b.build();
        // Fill the queue (and the stalled in-flight batches) until a track is refused.
        int i = 0;
        int refused = 0;
        while (refused < 1000) {
            if (!client.track(CallerCost.build(i++))) {
                refused++;
            }
        }
    }

    @Benchmark
    @Threads(1)
    public boolean buildAndDrop1(Caller caller) {
        return client.track(CallerCost.build(caller.i++));
    }

    @Benchmark
    @Threads(2)
    public boolean buildAndDrop2(Caller caller) {
        return client.track(CallerCost.build(caller.i++));
    }

    @TearDown(Level.Trial)
    public void stop() {
        ingest.close();
        client.close();
        System.out.printf(
                "@@ drop pagent %s dropped=%d heard=%d%n",
                listener, client.stats().dropped(), heard.sum());
    }
}
