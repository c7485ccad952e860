package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.internal.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JSON encoding of a batch of 100 events into a request body, per event (on the sender's thread). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Encoding {
    private List<Conversion> batch;

    @Setup
    public void batch() {
        batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(CallerCost.build(i));
        }
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public byte[] perEvent() {
        return WireFormat.encodeBatch(batch);
    }

    /** What the HTTP transport does: stream into an Okio buffer whose segments are pooled. */
    @Benchmark
    @OperationsPerInvocation(100)
    public long intoRequestBuffer() {
        Buffer body = new Buffer();
        WireFormat.writeBatch(body.outputStream(), batch);
        long size = body.size();
        body.clear(); // the socket's write would hand the segments back to the pool
        return size;
    }
}
