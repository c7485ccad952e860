package ai.pagent.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 12's backlog drain in the report: one row per {@code @@ drain <scenario> <settings> key=value…}
 * line (pagent's {@code Drain} and OpenTelemetry's), and the ratio the issue targets: pagent's
 * adaptive drain into the counting ingest on loopback against OpenTelemetry's best settings there.
 */
final class DrainTable {
    private static final String[] KEYS = {
        "eventsPerSecond", "lost", "maxInFlight", "rateLimited", "longest429Run", "first429Run", "later429Run"
    };

    /** "counting otel-bigQueue" → "eventsPerSecond" → "12345", in run order. */
    private final Map<String, Map<String, String>> runs = new LinkedHashMap<>();

    /** Takes the fields after {@code @@}: {@code drain <scenario> <settings> key=value…}. */
    void add(String[] fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 3; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq > 0) {
                values.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
            }
        }
        runs.put(fields[1] + " " + fields[2], values);
    }

    String table() {
        if (runs.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nBacklog drain (issue 12): events/s from the first track() (pagent)"
                + " or the exporter's release (OpenTelemetry) until every request was answered\n");
        out.append(String.format(Locale.ROOT, "| %-32s |", "scenario, settings"));
        for (String k : KEYS) {
            out.append(String.format(Locale.ROOT, " %15s |", k));
        }
        out.append("\n|").append("-".repeat(34)).append('|');
        for (int i = 0; i < KEYS.length; i++) {
            out.append("-".repeat(16)).append(":|");
        }
        out.append('\n');
        runs.forEach((name, values) -> {
            out.append(String.format(Locale.ROOT, "| %-32s |", name));
            for (String k : KEYS) {
                out.append(String.format(Locale.ROOT, " %15s |", values.getOrDefault(k, "-")));
            }
            out.append('\n');
        });
        for (String scenario : new String[] {"counting", "counting50ms"}) {
            Double pagent = rate(scenario + " adaptive");
            Double otel = best(scenario + " otel-");
            if (pagent != null && otel != null) {
                out.append(String.format(
                        Locale.ROOT,
                        "- %s: pagent %.0f events/s vs OpenTelemetry's best %.0f: %.2fx%s%n",
                        scenario,
                        pagent,
                        otel,
                        pagent / otel,
                        scenario.equals("counting")
                                ? " (target >= 2x: " + (pagent / otel >= 2 ? "met" : "MISSED") + ")"
                                : ""));
            }
        }
        return out.toString();
    }

    private Double rate(String name) {
        Map<String, String> values = runs.get(name);
        String v = values == null ? null : values.get("eventsPerSecond");
        return v == null ? null : Double.parseDouble(v);
    }

    private Double best(String prefix) {
        Double best = null;
        for (String name : runs.keySet()) {
            Double r = name.startsWith(prefix) ? rate(name) : null;
            if (r != null && (best == null || r > best)) {
                best = r;
            }
        }
        return best;
    }
}
