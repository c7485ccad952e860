package ai.pagent.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Bytes allocated per operation by the benchmark threads alone: what a request thread allocates.
 * Use with {@code -prof ai.pagent.benchmarks.harness.CallerAllocation}; it reports {@code
 * caller.alloc.norm}.
 *
 * <p>JMH's own {@code -prof gc} {@code gc.alloc.rate.norm} counts every thread of the JVM on JDK 17
 * ({@code getTotalThreadAllocatedBytes}): the SDK's background threads, and the harness work of
 * iteration setup and teardown, such as the fresh clients {@code CallerCost} swaps in. Both numbers
 * are reported; the caller's is the one a request thread pays.
 */
public final class CallerAllocation implements InternalProfiler {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private Map<Long, Long> before = Map.of();

    @Override
    public String getDescription() {
        return "bytes allocated per operation by the JMH worker threads alone";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerAllocations();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long bytes = 0;
        for (Map.Entry<Long, Long> e : workerAllocations().entrySet()) {
            bytes += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        return List.of(new ScalarResult(
                "caller.alloc.norm", ops == 0 ? Double.NaN : (double) bytes / ops, "B/op", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerAllocations() {
        Map<Long, Long> bytes = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("jmh-worker")) {
                long allocated = threads.getThreadAllocatedBytes(t.getId());
                if (allocated >= 0) {
                    bytes.put(t.getId(), allocated);
                }
            }
        }
        return bytes;
    }
}
