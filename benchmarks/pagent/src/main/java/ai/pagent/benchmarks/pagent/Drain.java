package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.benchmarks.harness.Workload;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 12's "a backlog drains fast": a client finds {@value #BACKLOG} events waiting (as after an
 * outage, or a spool a restarted process left) and sends them to a {@link FakeIngest} on loopback.
 * Each scenario runs with the adaptive limit of requests in flight (defaults: from {@code maxInFlight}
 * 2 up to {@code maxInFlightLimit} 16) and, for comparison, with it fixed at 2 (what the client did
 * before). Scenarios: plain loopback; 50 ms of added latency per request; and 50 ms with an ingest
 * that answers 429 ({@code Retry-After: 1}) above 150 requests per second (at 50 ms, 16 requests in
 * flight make 320 per second).
 *
 * <p>The clock runs from the first {@code track()} of the backlog (the events are built before) until
 * {@code flush()} returned. Prints one {@code @@ drain <scenario> <settings> events=… seconds=… eventsPerSecond=… lost=…
 * maxInFlight=… rateLimited=… longest429Run=…} line per run, where {@code maxInFlight} is the most
 * requests the ingest saw at once and {@code longest429Run} the longest run of 429 answers in a row
 * in the ingest's answer order. A plain main: {@code java -cp benchmarks.jar
 * ai.pagent.benchmarks.pagent.Drain [scenario…]}.
 */
public final class Drain {
    static final int BACKLOG = Integer.getInteger("drain.events", 100_000);
    /** Requests per second the rate-limited ingest admits ({@code -Ddrain.rateLimit=N}). */
    static final int RATE_LIMIT = Integer.getInteger("drain.rateLimit", 150);

    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Drain() {}

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length > 0 ? List.of(args) : List.of("loopback", "latency50ms", "rateLimited");
        System.out.println("== load: " + loadAverage());
        for (String scenario : scenarios) {
            for (boolean adaptive : new boolean[] {true, false}) {
                run(scenario, adaptive);
            }
        }
        System.out.println("== load: " + loadAverage());
    }

    private static void run(String scenario, boolean adaptive) {
        try (FakeIngest ingest = FakeIngest.start()) {
            boolean rateLimited = scenario.equals("rateLimited");
            if (!scenario.equals("loopback")) {
                ingest.latency(LATENCY);
            }
            if (rateLimited) {
                ingest.rateLimitAbove(RATE_LIMIT, Duration.ofSeconds(1));
            } else {
                ingest.countOnly(true); // keeps counts only: the ingest stays fast at 100 000 events
            }
            PagentClient.Builder builder = PagentClient.builder()
                    .apiKey(ingest.apiKey())
                    .endpoint(ingest.endpoint())
                    .queueCapacity(BACKLOG)
                    .shutdownTimeout(Duration.ofSeconds(30));
            if (!adaptive) {
                builder.maxInFlightLimit(2);
            }
            PagentClient client = builder.build();
            try {
                List<Conversion> backlog = new ArrayList<>(BACKLOG);
                for (int i = 0; i < BACKLOG; i++) {
                    backlog.add(event(i)); // built first: the clock measures the drain, not the building
                }
                long started = System.nanoTime();
                for (Conversion event : backlog) {
                    client.track(event);
                }
                boolean done = client.flush(TIMEOUT);
                double seconds = (System.nanoTime() - started) / 1e9;
                PagentStats stats = client.stats();
                long lost = BACKLOG - ingest.acceptedCount();
                long limited = 0;
                int longest = 0;
                Map<Integer, Integer> statuses = new TreeMap<>();
                if (rateLimited) {
                    int run = 0;
                    for (RecordedRequest r : ingest.requests()) {
                        run = r.status() == 429 ? run + 1 : 0;
                        limited += r.status() == 429 ? 1 : 0;
                        longest = Math.max(longest, run);
                        statuses.merge(r.status(), 1, Integer::sum);
                    }
                }
                System.out.printf(
                        "@@ drain %s %s events=%d seconds=%.3f eventsPerSecond=%.0f lost=%d maxInFlight=%d"
                                + " requests=%d rateLimited=%d longest429Run=%d flushed=%s accepted=%d failed=%d"
                                + " dropped=%d retried=%d statuses=%s%n",
                        scenario,
                        adaptive ? "adaptive" : "fixed2",
                        BACKLOG,
                        seconds,
                        BACKLOG / seconds,
                        lost,
                        ingest.maxConcurrentRequests(),
                        ingest.requestCount(),
                        limited,
                        longest,
                        done,
                        stats.accepted(),
                        stats.failed(),
                        stats.dropped(),
                        stats.retried(),
                        statuses);
            } finally {
                client.close();
            }
        }
    }

    private static Conversion event(int i) {
        // Fresh ids, so that the ingest can tell each event apart.
        return Conversion.builder()
                .sessionId(Workload.freshSessionId(i))
                .userId(Workload.freshUserId(i))
                .conversionId(Workload.GOAL_ID)
                .label(Workload.LABEL)
                .revenueCents(Workload.REVENUE_CENTS)
                .properties(Workload.properties(i))
                .build();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
