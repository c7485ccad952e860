package ai.pagent.benchmarks.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the pagent / peer table from one run: the JMH JSON results of each SDK ({@code
 * <dir>/pagent.json}, {@code segment.json}, {@code otel.json}) and the {@code @@} lines the
 * benchmarks print into {@code <dir>/run.log} (end-to-end deliveries and drops, retained heap).
 *
 * <p>Usage: {@code java -cp benchmarks.jar ai.pagent.benchmarks.harness.Report <dir>}
 */
public final class Report {
    private static final String[] SDKS = {"pagent", "segment", "otel"};

    /** "pagent" → "CallerCost.track1" → metric → value (median of iterations for scores). */
    private final Map<String, Map<String, Map<String, Double>>> jmh = new HashMap<>();
    /** "e2e pagent holdsBurst" → list of {delivered, dropped, seconds}. */
    private final Map<String, List<double[]>> bursts = new HashMap<>();

    private final Map<String, Double> retained = new HashMap<>();
    /** "pagent defaults" → "delivered" → value, from the {@code @@ outage} lines, in run order. */
    private final Map<String, Map<String, String>> outages = new LinkedHashMap<>();

    private final DrainTable drains = new DrainTable();

    private Report() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Report r = new Report();
        for (String sdk : SDKS) {
            Path json = dir.resolve(sdk + ".json");
            if (Files.exists(json)) {
                r.readJmh(sdk, json);
            }
        }
        Path log = dir.resolve("run.log");
        if (Files.exists(log)) {
            r.readLog(log);
        }
        System.out.print(r.table());
    }

    private void readJmh(String sdk, Path json) throws IOException {
        Object root;
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            p.nextToken();
            root = read(p);
        }
        Map<String, Map<String, Double>> bySdk = jmh.computeIfAbsent(sdk, k -> new HashMap<>());
        for (Object o : (List<?>) root) {
            Map<?, ?> run = (Map<?, ?>) o;
            String name = (String) run.get("benchmark");
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Object params = run.get("params");
            if (params instanceof Map<?, ?> ps && !ps.isEmpty()) {
                name += new TreeMap<>(ps).toString().replace('{', '[').replace('}', ']');
            }
            Map<String, Double> metrics = new HashMap<>();
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            Map<?, ?> percentiles = (Map<?, ?>) primary.get("scorePercentiles");
            metrics.put("median", ((Number) percentiles.get("50.0")).doubleValue());
            metrics.put("mean", ((Number) primary.get("score")).doubleValue());
            metrics.put("error", number(primary.get("scoreError")));
            Object secondary = run.get("secondaryMetrics");
            if (secondary instanceof Map<?, ?> sm) {
                if (sm.get("gc.alloc.rate.norm") instanceof Map<?, ?> all) {
                    metrics.put("allocAll", number(all.get("score")));
                }
                if (sm.get("caller.alloc.norm") instanceof Map<?, ?> caller) {
                    metrics.put("alloc", number(caller.get("score")));
                }
            }
            bySdk.put(name, metrics);
        }
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN; // JMH writes "NaN" as a string
    }

    private void readLog(Path log) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int at = line.indexOf("@@ ");
            if (at < 0) {
                continue;
            }
            String[] f = line.substring(at + 3).trim().split("\\s+");
            if (f[0].equals("retained") && f.length >= 3) {
                retained.put(f[1], Double.parseDouble(f[2]));
            } else if (f[0].equals("outage") && f.length >= 4) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 3; i < f.length; i++) {
                    int eq = f[i].indexOf('=');
                    values.put(f[i].substring(0, eq), f[i].substring(eq + 1));
                }
                outages.put(f[1] + " " + f[2], values);
            } else if (f[0].equals("drain") && f.length >= 4) {
                drains.add(f);
            } else if (f[0].equals("e2e") && f.length >= 6) {
                bursts.computeIfAbsent(f[1] + " " + f[2], k -> new ArrayList<>())
                        .add(new double[] {value(f[3]), value(f[4]), value(f[5])});
            }
        }
    }

    private static double value(String keyValue) {
        return Double.parseDouble(keyValue.substring(keyValue.indexOf('=') + 1));
    }

    private Double score(String sdk, String bench, String metric) {
        Map<String, Map<String, Double>> bySdk = jmh.get(sdk);
        if (bySdk == null || bySdk.get(bench) == null) {
            return null;
        }
        return bySdk.get(bench).get(metric);
    }

    /** Median delivered events per second over the measured bursts, and the median drops. */
    private double[] burst(String sdk, String settings) {
        List<double[]> runs = bursts.get(sdk + " " + settings);
        if (runs == null || runs.isEmpty()) {
            return null;
        }
        double[] rates = runs.stream().mapToDouble(r -> r[0] / r[2]).sorted().toArray();
        double[] drops = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
        double[] delivered = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
        return new double[] {
            rates[rates.length / 2], drops[drops.length / 2], delivered[delivered.length / 2], drops[drops.length - 1]
        };
    }

    private String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "metric", "pagent", "Segment", "OpenTelemetry", "pagent/Segment", "pagent/OTel", "target", "verdict"
        });
        for (int t = 1; t <= 2; t++) {
            String bench = "CallerCost.buildAndTrack" + t;
            Double p = score("pagent", bench, "median");
            Double s = score("segment", bench, "median");
            Double o = score("otel", bench, "median");
            rows.add(row(
                    "caller: build + hand-over, " + t + " thread" + (t == 1 ? "" : "s") + " (ns/op)",
                    p,
                    s,
                    o,
                    "<= 0.1x Seg, <= 0.5x OTel",
                    lowerRatioVerdict(p, s, 0.1, o, 0.5),
                    "%.0f"));
            rows.add(row(
                    "  allocated per call, caller thread (B/op)",
                    score("pagent", bench, "alloc"),
                    score("segment", bench, "alloc"),
                    score("otel", bench, "alloc"),
                    "",
                    "",
                    "%.0f"));
            rows.add(row(
                    "  allocated per call, all threads (B/op)",
                    score("pagent", bench, "allocAll"),
                    score("segment", bench, "allocAll"),
                    score("otel", bench, "allocAll"),
                    "",
                    "",
                    "%.0f"));
        }
        for (int t = 1; t <= 2; t++) {
            String bench = "CallerCost.track" + t;
            Double p = score("pagent", bench, "median");
            Double a = score("pagent", bench, "alloc");
            rows.add(row(
                    "hand-over only, track(pre-built), " + t + "t (ns/op)",
                    p,
                    null,
                    null,
                    "< 150 ns",
                    p == null ? "n/a" : (p < 150 ? "met" : "MISSED"),
                    "%.1f"));
            rows.add(row(
                    "  allocated per call, caller thread (B/op)",
                    a,
                    null,
                    null,
                    "~0 (no alloc beyond the event)",
                    a == null ? "n/a" : (a < 1 ? "met" : "MISSED"),
                    "%.3f"));
            rows.add(row(
                    "  allocated per call, all threads (B/op)",
                    score("pagent", bench, "allocAll"),
                    null,
                    null,
                    "",
                    "",
                    "%.1f"));
        }
        Double build = score("pagent", "CallerCost.buildOnly1", "median");
        rows.add(row("  (build + validate only, 1t, ns/op)", build, null, null, "", "", "%.0f"));

        double[] pb = burst("pagent", "holdsBurst");
        double[] sb = burst("segment", "holdsBurst");
        double[] ob = burst("otel", "holdsBurst");
        Double pr = pb == null ? null : pb[0];
        Double sr = sb == null ? null : sb[0];
        Double or = ob == null ? null : ob[0];
        String e2eVerdict;
        if (pr == null || sr == null || or == null) {
            e2eVerdict = "n/a";
        } else {
            boolean ok = pr >= 3 * sr && pr >= 2 * or;
            boolean abs = pr >= 200_000;
            boolean zero = pb[3] == 0;
            e2eVerdict = (ok ? "met" : "MISSED") + " (ratio); " + (abs ? "met" : "MISSED") + " (200k/s); "
                    + (zero ? "zero loss" : "LOSS " + (long) pb[3]);
        }
        rows.add(row(
                "end-to-end, queue holds the 200k burst (events/s)",
                pr,
                sr,
                or,
                ">= 3x Seg, >= 2x OTel, >= 200k/s, no loss",
                e2eVerdict,
                "%.0f"));
        rows.add(noRatio(row(
                "  dropped per burst (median)",
                pb == null ? null : pb[1],
                sb == null ? null : sb[1],
                ob == null ? null : ob[1],
                "0",
                "",
                "%.0f")));
        double[] pd = burst("pagent", "defaults");
        double[] sd = burst("segment", "defaults");
        double[] od = burst("otel", "defaults");
        rows.add(row(
                "end-to-end, default settings (delivered events/s)",
                pd == null ? null : pd[0],
                sd == null ? null : sd[0],
                od == null ? null : od[0],
                "report",
                "",
                "%.0f"));
        rows.add(noRatio(row(
                "  dropped of 200k (median)",
                pd == null ? null : pd[1],
                sd == null ? null : sd[1],
                od == null ? null : od[1],
                "report",
                "",
                "%.0f")));
        double[] pf = burst("pagent", "fakeIngest");
        rows.add(row(
                "  (pagent into FakeIngest countOnly, events/s)",
                pf == null ? null : pf[0],
                null,
                null,
                "",
                "",
                "%.0f"));

        Double rp = retained.get("pagent");
        Double rs = retained.get("segment");
        Double ro = retained.get("otel");
        String rv = rp == null || rs == null
                ? "n/a"
                : (rp <= 0.5 * rs ? "met" : "MISSED") + " (ratio); " + (rp < 400 ? "met" : "MISSED") + " (400 B)";
        rows.add(row("retained heap per queued event (B)", rp, rs, ro, "<= 0.5x Seg, < 400 B", rv, "%.0f"));

        for (int t = 1; t <= 2; t++) {
            Double none = score("pagent", "DropPath.buildAndDrop" + t + "[listener=none]", "median");
            Double counting = score("pagent", "DropPath.buildAndDrop" + t + "[listener=counting]", "median");
            String[] r = row(
                    "drop path (queue full), build + track, " + t + "t (ns/op): no listener / with listener",
                    none,
                    null,
                    null,
                    "listener adds little",
                    none == null || counting == null
                            ? "n/a"
                            : String.format(Locale.ROOT, "with listener: %.0f ns (%.2fx)", counting, counting / none),
                    "%.0f");
            rows.add(noRatio(r));
        }

        String enc = "Encoding.perEvent";
        rows.add(row(
                "JSON encoding per event, batch of 100 (ns)",
                score("pagent", enc, "median"),
                score("segment", enc, "median"),
                score("otel", enc, "median"),
                "report",
                "",
                "%.0f"));
        rows.add(row(
                "  allocated per event (B)",
                score("pagent", enc, "allocAll"),
                score("segment", enc, "allocAll"),
                score("otel", enc, "allocAll"),
                "",
                "",
                "%.0f"));

        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            out.append('|');
            for (int i = 0; i < r.length; i++) {
                String cell = r[i];
                boolean left = i == 0 || i >= 6;
                out.append(' ')
                        .append(left ? pad(cell, widths[i], true) : pad(cell, widths[i], false))
                        .append(" |");
            }
            out.append('\n');
            if (k == 0) {
                out.append('|');
                for (int i = 0; i < r.length; i++) {
                    out.append(i == 0 || i >= 6 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":")
                            .append('|');
                }
                out.append('\n');
            }
        }
        out.append(issue9(pr, or, rp, rs));
        out.append(outageTable());
        out.append(drains.table());
        out.append("\nns/op: median of the measured iterations (JMH average time per iteration). B/op, caller thread:"
                + " the benchmark threads' own allocation\n(-prof ai.pagent.benchmarks.harness.CallerAllocation);"
                + " all threads: JMH -prof gc gc.alloc.rate.norm, which on JDK 17 also counts background\nthreads"
                + " and the harness's client swaps. Ratios are pagent / peer: below 1 is better for time and"
                + " memory, above 1 for events/s.\n");
        return out.toString();
    }

    /** The three ratios issue 9 targets, in one place. */
    private String issue9(Double e2e, Double e2eOtel, Double heap, Double heapSegment) {
        StringBuilder out = new StringBuilder("\nIssue 9's ratios (events with a 4-entry properties map):\n");
        for (int t = 1; t <= 2; t++) {
            Double p = score("pagent", "CallerCost.buildAndTrack" + t, "median");
            Double o = score("otel", "CallerCost.buildAndTrack" + t, "median");
            out.append(
                    ratioLine("caller cost vs OpenTelemetry span build + end, " + t + "t", p, o, "<= 0.5x", true, 0.5));
        }
        out.append(ratioLine("end-to-end events/s vs OpenTelemetry", e2e, e2eOtel, ">= 2x", false, 2));
        out.append(ratioLine("retained heap per queued event vs Segment", heap, heapSegment, "<= 0.5x", true, 0.5));
        return out.toString();
    }

    private static String ratioLine(String what, Double p, Double peer, String target, boolean lower, double bound) {
        if (p == null || peer == null || peer == 0) {
            return String.format(Locale.ROOT, "- %s: n/a (target %s)%n", what, target);
        }
        double ratio = p / peer;
        boolean met = lower ? ratio <= bound : ratio >= bound;
        return String.format(
                Locale.ROOT,
                "- %s: %.2fx (%.0f vs %.0f; target %s): %s%n",
                what,
                ratio,
                p,
                peer,
                target,
                met ? "met" : "MISSED");
    }

    /** Issue 8's outage scenario, one row per SDK and settings. */
    private String outageTable() {
        if (outages.isEmpty()) {
            return "";
        }
        String[] keys = {"delivered", "dropped", "lost", "duplicates", "recoveryMs", "closeMs"};
        StringBuilder out = new StringBuilder("\nOutage: " + OutageScenario.EVENTS + " events over "
                + OutageScenario.PACE.toSeconds() + " s, 503 from second " + OutageScenario.OUTAGE_FROM.toSeconds()
                + " to " + OutageScenario.OUTAGE_TO.toSeconds()
                + ", then close() (dropped: what the SDK reported, -1 none; lost: never accepted;"
                + " recoveryMs: end of outage to the first accepted request)\n");
        out.append(String.format(Locale.ROOT, "| %-22s |", "SDK, settings"));
        for (String k : keys) {
            out.append(String.format(Locale.ROOT, " %10s |", k));
        }
        out.append("\n|").append("-".repeat(24)).append('|');
        for (int i = 0; i < keys.length; i++) {
            out.append("-".repeat(11)).append(":|");
        }
        out.append('\n');
        outages.forEach((name, values) -> {
            out.append(String.format(Locale.ROOT, "| %-22s |", name));
            for (String k : keys) {
                out.append(String.format(Locale.ROOT, " %10s |", values.getOrDefault(k, "-")));
            }
            out.append('\n');
        });
        return out.toString();
    }

    private static String pad(String s, int width, boolean left) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return left ? s + spaces : spaces + s;
    }

    private static String lowerRatioVerdict(Double p, Double s, double maxS, Double o, double maxO) {
        if (p == null || s == null || o == null) {
            return "n/a";
        }
        String vs = p <= maxS * s ? "met" : "MISSED";
        String vo = p <= maxO * o ? "met" : "MISSED";
        return vs + " (Seg); " + vo + " (OTel)";
    }

    private static String[] row(
            String metric, Double p, Double s, Double o, String target, String verdict, String format) {
        return new String[] {
            metric, fmt(p, format), fmt(s, format), fmt(o, format), ratio(p, s), ratio(p, o), target, verdict
        };
    }

    private static String[] noRatio(String[] row) {
        row[4] = "-";
        row[5] = "-";
        return row;
    }

    private static String fmt(Double v, String format) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String ratio(Double p, Double peer) {
        if (p == null || peer == null || peer == 0 || p.isNaN() || peer.isNaN()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", p / peer);
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
