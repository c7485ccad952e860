package ai.pagent.samples.demo;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.PagentVariables;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * pagent-java's hello world. Starts a local {@link FakeIngest}, reports three conversions through a
 * {@link PagentClient} exactly as a checkout handler would, and prints what the ingest received.
 *
 * <p>Run it from the project root: {@code ./mvnw -q -pl samples/demo -am -DskipTests package exec:java}
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        if (!run(System.out)) {
            System.exit(1);
        }
    }

    /**
     * Runs the demo, printing to {@code out}.
     *
     * @return whether the ingest received all three conversions
     */
    static boolean run(PrintStream out) {
        try (FakeIngest ingest = FakeIngest.start()) {
            // A flaky network for good measure: the first request fails and is retried.
            ingest.failNext(503, 1);

            PagentClient client = PagentClient.builder()
                    .apiKey(ingest.apiKey()) // in production: System.getenv("PAGENT_API_KEY")
                    .endpoint(ingest.endpoint()) // in production: leave out (https://ingest.pagent.ai)
                    .build();

            // What the browser's window._pgnt.variables("checkout") returned, posted with the order.
            // tryParse: browser input never throws on the checkout path (empty when absent or invalid).
            PagentVariables visitor = PagentVariables.tryParse(
                            "{\"session_id\":\"s_8f14e45f\",\"user_id\":\"u_c9f0f895\","
                                    + "\"visit_id\":\"v_45c48cce\",\"conversion_id\":\"3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34\"}")
                    .orElseThrow();

            client.track(Conversion.builder()
                    .variables(visitor)
                    .label("checkout")
                    .revenue(new BigDecimal("49.99"))
                    .properties(Map.of("plan", "pro", "items", List.of("seat", "seat")))
                    .build());
            client.track(Conversion.builder()
                    .variables(visitor)
                    .label("upsell")
                    .revenueCents(999)
                    .build());
            client.track(Conversion.builder()
                    .sessionId("s_1679091c")
                    .userId("u_8e296a06")
                    .conversionId("a87ff679-a2f3-471d-8e2f-0b1c2d3e4f50")
                    .label("signup")
                    .build());

            boolean delivered = client.flush(Duration.ofSeconds(10));
            PagentStats stats = client.stats();
            client.close();

            out.println("pagent-java demo: " + (delivered ? "all events delivered" : "NOT all delivered"));
            out.println("requests the ingest answered: " + ingest.requests());
            out.println("events the ingest accepted:");
            for (ReceivedEvent e : ingest.events()) {
                out.println("  " + e.json());
            }
            out.println("client stats: " + stats);
            return delivered && ingest.events().size() == 3;
        }
    }
}
