package ai.pagent.micronaut;

import ai.pagent.VariableCarriers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the server filter's two methods (script path check, variables) cost a request that carries
 * no variables: a JSON POST with ordinary browser headers and no query string. Called directly,
 * without a server, so the number is the filter's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterOverhead {
    private PagentServerFilter filter;
    private MutableHttpRequest<?> request;

    @Setup(Level.Trial)
    public void setUp() {
        filter = new PagentServerFilter(VariableCarriers.defaults(), new PagentProperties());
        request = HttpRequest.POST("/checkout", "{\"plan\":\"pro\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Host", "shop.example.com")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0")
                .header("Accept", "application/json")
                .header("Accept-Language", "en-US,en;q=0.9")
                .header("Cookie", "session=abc123; theme=dark")
                .header("Origin", "https://shop.example.com");
        if (filter.script(request) != null || filter.variables(request) != null) {
            throw new IllegalStateException("the filter answered or deferred a request without carriers");
        }
    }

    @Benchmark
    public void requestWithoutCarriers(Blackhole bh) {
        bh.consume(filter.script(request));
        bh.consume(filter.variables(request));
    }
}
