package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.benchmarks.harness.Workload;
import ai.pagent.internal.PropertiesValidator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code CallerCost.buildOnly1} split into its parts, to see where building an event spends its
 * time: the properties map the workload creates, encoding it, and the rest of {@code build()}.
 * Diagnostic only (not in {@code run.sh}):
 * {@code java -jar benchmarks/pagent/target/benchmarks.jar BuildParts -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
@State(Scope.Thread)
public class BuildParts {
    private int i;
    private final Map<String, Object> fixed = Workload.properties(1);

    /** The whole of {@code CallerCost.buildOnly1}. */
    @Benchmark
    public Conversion build() {
        return CallerCost.build(i++);
    }

    /** The same event without properties: the ids, label, revenue and time checks. */
    @Benchmark
    public Conversion buildWithoutProperties() {
        int n = i++;
        return Conversion.builder()
                .sessionId(Workload.sessionId(n))
                .userId(Workload.userId(n))
                .conversionId(Workload.GOAL_ID)
                .label(Workload.LABEL)
                .revenueCents(Workload.REVENUE_CENTS)
                .build();
    }

    /** What the workload spends creating the properties map (boxing included). */
    @Benchmark
    public Map<String, Object> propertiesMap() {
        return Workload.properties(i++);
    }

    /** Encoding one properties map, the same map each time (its creation left out). */
    @Benchmark
    public String encodeProperties() {
        return new PropertiesValidator(32 * 1024).encode(fixed);
    }
}
