package ai.pagent.benchmarks.pagent;

import ai.pagent.PagentVariables;
import ai.pagent.servlet.PagentFilter;
import ai.pagent.servlet.PagentRequests;
import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@link PagentFilter} adds to a request, called directly (no container): a request without
 * carriers, with the {@code X-Pagent-Variables} JSON header, and with the four single-value headers.
 * Each case also asks {@link PagentRequests#variables} once, as a handler that converts would. The
 * {@code baseline} does the same bookkeeping without the filter; subtract it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FilterOverhead {
    private static final String GOAL = "3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34";

    private PagentFilter filter;
    private StubRequest none;
    private StubRequest json;
    private StubRequest headers;
    private final StubResponse response = new StubResponse();
    private FilterChain chain;
    private Blackhole blackhole;

    @Setup
    public void setUp(Blackhole blackhole) {
        this.blackhole = blackhole;
        filter = PagentFilter.builder().build();
        none = new StubRequest();
        json = new StubRequest()
                .header(
                        "X-Pagent-Variables",
                        "{\"session_id\":\"s_8f14e45f\",\"user_id\":\"u_c9f0f895\",\"visit_id\":\"v_45c48cce\","
                                + "\"conversion_id\":\"" + GOAL + "\"}");
        headers = new StubRequest()
                .header("X-Pagent-Session-Id", "s_8f14e45f")
                .header("X-Pagent-User-Id", "u_c9f0f895")
                .header("X-Pagent-Visit-Id", "v_45c48cce")
                .header("X-Pagent-Conversion-Id", GOAL);
        chain = (request, response) ->
                this.blackhole.consume(PagentRequests.variables((jakarta.servlet.http.HttpServletRequest) request));
    }

    @Benchmark
    public Optional<PagentVariables> baseline() {
        none.attributes.clear();
        return PagentRequests.variables(none);
    }

    @Benchmark
    public int noCarrier() throws IOException, jakarta.servlet.ServletException {
        none.attributes.clear();
        filter.doFilter(none, response, chain);
        return none.attributes.size();
    }

    @Benchmark
    public int jsonHeader() throws IOException, jakarta.servlet.ServletException {
        json.attributes.clear();
        filter.doFilter(json, response, chain);
        return json.attributes.size();
    }

    @Benchmark
    public int singleHeaders() throws IOException, jakarta.servlet.ServletException {
        headers.attributes.clear();
        filter.doFilter(headers, response, chain);
        return headers.attributes.size();
    }
}
