package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * flight make 320 per second). For the side-by-side with OpenTelemetry ({@code
 * ai.pagent.benchmarks.otel.Drain}), {@code counting} and {@code counting50ms} drain into the {@link
 * CountingIngest} every SDK uses (as is, and with 50 ms), adaptive only.
 *
 * <p>The clock runs from the first {@code track()} of the backlog (the events are built before) until
 * {@code flush()} returned. Prints one {@code @@ drain <scenario> <settings> events=… seconds=… eventsPerSecond=… lost=…
 * maxInFlight=… rateLimited=… longest429Run=… overloads=… first429Run=… later429Run=…} line per run,
 * where {@code maxInFlight} is the most requests the ingest saw at once, {@code longest429Run} the
 * longest run of 429 answers in a row in the order the requests arrived at the ingest, {@code
 * overloads} the number of such runs, {@code first429Run} the longest run of the first overload (the
 * requests the client sent before the first 429 could reach it: one round trip of them, until the
 * first pause), and {@code later429Run} the longest run after that pause. A plain main: {@code java -cp
 * benchmarks.jar ai.pagent.benchmarks.pagent.Drain [scenario…]}.
 */
public final class Drain {
    static final int BACKLOG = Integer.getInteger("drain.events", 100_000);
    /** Requests per second the rate-limited ingest admits ({@code -Ddrain.rateLimit=N}). */
    static final int RATE_LIMIT = Integer.getInteger("drain.rateLimit", 150);

    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Drain() {}

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length > 0
                ? List.of(args)
                : List.of("loopback", "latency50ms", "rateLimited", "counting", "counting50ms");
        System.out.println("== load: " + loadAverage());
        for (String scenario : scenarios) {
            if (scenario.startsWith("counting")) {
                runCounting(scenario);
                continue;
            }
            for (boolean adaptive : new boolean[] {true, false}) {
                run(scenario, adaptive);
            }
        }
        System.out.println("== load: " + loadAverage());
    }

    /** Into the counting ingest the OpenTelemetry drain uses too: same server, same cost per request. */
    private static void runCounting(String scenario) {
        try (CountingIngest ingest = CountingIngest.start("\"conversion_id\"")) {
            if (scenario.equals("counting50ms")) {
                ingest.latency(LATENCY);
            }
            PagentClient client = PagentClient.builder()
                    .apiKey("bench-key")
                    .endpoint(ingest.endpoint())
                    .queueCapacity(BACKLOG)
                    .shutdownTimeout(Duration.ofSeconds(30))
                    .build();
            try {
                List<Conversion> backlog = backlog();
                long started = System.nanoTime();
                for (Conversion event : backlog) {
                    client.track(event);
                }
                boolean done = client.flush(TIMEOUT);
                double seconds = (System.nanoTime() - started) / 1e9;
                long delivered = ingest.awaitEvents(BACKLOG, Duration.ofSeconds(5));
                PagentStats stats = client.stats();
                System.out.printf(
                        "@@ drain %s adaptive events=%d seconds=%.3f eventsPerSecond=%.0f lost=%d requests=%d"
                                + " flushed=%s accepted=%d failed=%d dropped=%d retried=%d%n",
                        scenario,
                        BACKLOG,
                        seconds,
                        BACKLOG / seconds,
                        BACKLOG - delivered,
                        ingest.requests(),
                        done,
                        stats.accepted(),
                        stats.failed(),
                        stats.dropped(),
                        stats.retried());
            } finally {
                client.close();
            }
        }
    }

    private static List<Conversion> backlog() {
        List<Conversion> backlog = new ArrayList<>(BACKLOG);
        for (int i = 0; i < BACKLOG; i++) {
            backlog.add(event(i)); // built first: the clock measures the drain, not the building
        }
        return backlog;
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
                List<Conversion> backlog = backlog();
                long started = System.nanoTime();
                for (Conversion event : backlog) {
                    client.track(event);
                }
                boolean done = client.flush(TIMEOUT);
                double seconds = (System.nanoTime() - started) / 1e9;
                PagentStats stats = client.stats();
                long lost = BACKLOG - ingest.acceptedCount();
                Map<Integer, Integer> statuses = new TreeMap<>();
                Runs runs = new Runs();
                if (rateLimited) {
                    List<RecordedRequest> arrived = ingest.requests().stream()
                            .sorted(Comparator.comparing(RecordedRequest::receivedAt))
                            .toList();
                    for (RecordedRequest r : arrived) {
                        runs.add(r);
                        statuses.merge(r.status(), 1, Integer::sum);
                    }
                    if (Boolean.getBoolean("drain.trace")) {
                        trace(arrived);
                    }
                }
                System.out.printf(
                        "@@ drain %s %s events=%d seconds=%.3f eventsPerSecond=%.0f lost=%d maxInFlight=%d"
                                + " requests=%d rateLimited=%d longest429Run=%d overloads=%d first429Run=%d"
                                + " later429Run=%d flushed=%s accepted=%d failed=%d dropped=%d retried=%d"
                                + " statuses=%s%n",
                        scenario,
                        adaptive ? "adaptive" : "fixed2",
                        BACKLOG,
                        seconds,
                        BACKLOG / seconds,
                        lost,
                        ingest.maxConcurrentRequests(),
                        ingest.requestCount(),
                        runs.limited,
                        runs.longest,
                        runs.overloads,
                        runs.first,
                        runs.later,
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

    /** {@code -Ddrain.trace=true}: each run of equal answers with the millisecond its first arrived. */
    private static void trace(List<RecordedRequest> arrived) {
        StringBuilder out = new StringBuilder("== statuses in arrival order (ms: status x count):");
        java.time.Instant start = arrived.get(0).receivedAt();
        int i = 0;
        while (i < arrived.size()) {
            int j = i;
            while (j < arrived.size()
                    && arrived.get(j).status() == arrived.get(i).status()) {
                j++;
            }
            out.append(' ')
                    .append(Duration.between(start, arrived.get(i).receivedAt()).toMillis())
                    .append(':')
                    .append(arrived.get(i).status())
                    .append('x')
                    .append(j - i);
            i = j;
        }
        System.out.println(out);
    }

    /**
     * Runs of 429 answers in a row, in the order the requests arrived at the ingest. The first
     * overload lasts until the first pause after it (a gap of most of {@code Retry-After: 1} between
     * two arrivals): everything the client sent before the first 429 reached it, interleaved 200s
     * included; {@code later} is the longest run after that.
     */
    private static final class Runs {
        private static final Duration PAUSE_GAP = Duration.ofMillis(800);

        long limited;
        int longest;
        int overloads;
        int first;
        int later;
        private int run;
        private boolean resumed; // the first pause after the first 429 is over
        private java.time.Instant previous;

        void add(RecordedRequest r) {
            if (overloads > 0
                    && previous != null
                    && Duration.between(previous, r.receivedAt()).compareTo(PAUSE_GAP) >= 0) {
                resumed = true;
            }
            previous = r.receivedAt();
            if (r.status() == 429) {
                limited++;
                if (run++ == 0) {
                    overloads++;
                }
                longest = Math.max(longest, run);
                if (!resumed) {
                    first = Math.max(first, run);
                } else {
                    later = Math.max(later, run);
                }
            } else {
                run = 0;
            }
        }
    }

    static Conversion event(int i) {
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
