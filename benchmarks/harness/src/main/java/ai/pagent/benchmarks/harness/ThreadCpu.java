package ai.pagent.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM between two snapshots, per group of threads (by name), for measurements that
 * must survive a loaded machine: CPU time per event moves far less with other processes' load than
 * wall time does. Groups: pagent's {@code sender} and {@code dispatcher} threads, the counting
 * {@code ingest}, {@code okhttp} (OkHttp's task runner and, for OpenTelemetry's exporter, its
 * dispatcher), {@code otelWorker}, {@code main}; {@code jvm} is the process's CPU time that no Java
 * thread accounts for (JIT compilers, GC); {@code ctxsw} counts the context switches of all threads.
 */
public final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> cpu = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final long process;
    private final long switches;

    private ThreadCpu() {
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long nanos = THREADS.getThreadCpuTime(id);
            if (info != null && nanos >= 0) {
                cpu.put(id, nanos);
                names.put(id, info.getThreadName());
            }
        }
        process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        switches = contextSwitches();
    }

    /** The CPU time of every live thread and of the process now. */
    public static ThreadCpu now() {
        return new ThreadCpu();
    }

    /** Milliseconds of CPU per group from {@code before} to this snapshot (threads born since count from 0). */
    public Map<String, Double> since(ThreadCpu before) {
        Map<String, Double> out = new TreeMap<>();
        long threads = 0;
        for (Map.Entry<Long, Long> e : cpu.entrySet()) {
            long nanos = e.getValue() - before.cpu.getOrDefault(e.getKey(), 0L);
            threads += nanos;
            out.merge(group(names.get(e.getKey())), nanos / 1e6, Double::sum);
        }
        out.put("process", (process - before.process) / 1e6);
        out.put("jvm", (process - before.process - threads) / 1e6);
        out.put("ctxsw", (double) (switches - before.switches));
        return out;
    }

    /** {@code key=value} pairs of {@link #since}, in whole milliseconds, groups under 1 ms left out. */
    public String report(ThreadCpu before) {
        StringBuilder b = new StringBuilder();
        since(before).forEach((k, v) -> {
            if (v >= 0.5 || k.equals("ctxsw")) {
                b.append(' ').append(k).append('=').append(Math.round(v));
            }
        });
        return b.toString().trim();
    }

    /**
     * The {@code @@ draincpu} line both SDKs' {@code DrainCpu} print for one drain of {@code events}
     * that took {@code nanos}, with the CPU each group of threads spent from {@code before} to this.
     */
    public String drainLine(
            String label,
            int round,
            String load,
            int events,
            long nanos,
            long delivered,
            boolean flushed,
            ThreadCpu before) {
        return String.format(
                "@@ draincpu %s r=%d load=%s eventsPerSecond=%.0f lost=%d flushed=%s %s",
                label, round, load, events / (nanos / 1e9), events - delivered, flushed, report(before));
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or {@code unknown} off Linux. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String group(String name) {
        if (name.startsWith("pagent-") && name.contains("-sender-")) {
            return "sender";
        }
        if (name.startsWith("pagent-") && name.contains("-dispatcher")) {
            return "dispatcher";
        }
        if (name.startsWith("pagent-")) {
            return "pagentOther";
        }
        if (name.startsWith("counting-ingest")) {
            return "ingest";
        }
        if (name.startsWith("OkHttp")) {
            return "okhttp";
        }
        if (name.startsWith("BatchSpanProcessor")) {
            return "otelWorker";
        }
        return name.equals("main") ? "main" : "otherThreads";
    }

    private static long contextSwitches() {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches")
                                || line.startsWith("nonvoluntary_ctxt_switches")) {
                            total += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0; // no /proc: not Linux
        }
        return total;
    }
}
