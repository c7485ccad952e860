package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Retained heap per spooled event: fills a spool whose memory queue holds {@code capacity} events
 * with {@code total} events (the rest wait on disk only), then compares the heap after full GCs with
 * the empty spool's. Run: {@code java -cp benchmarks/spool/target/benchmarks.jar
 * ai.pagent.internal.SpoolFootprint [capacity] [total]}.
 */
public final class SpoolFootprint {
    private SpoolFootprint() {}

    public static void main(String[] args) throws Exception {
        int capacity = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Path dir = Files.createTempDirectory("pagent-spool-footprint");
        SpoolEventBuffer spool = new SpoolEventBuffer(
                new SpoolSettings(dir, Duration.ofMillis(100), 1L << 32),
                capacity,
                1L << 40,
                new PagentThreads(),
                new SpoolEvents() {
                    @Override
                    public void available() {}

                    @Override
                    public void dropped(List<Conversion> events, DropReason reason, Runnable leave) {
                        leave.run();
                    }

                    @Override
                    public void lost(int count, DropReason reason, Runnable leave) {}
                });
        long empty = usedAfterGc();
        Conversion[] events = SpoolBenchmarks.events(total);
        long withEvents = usedAfterGc(); // the events themselves, held by the array, not the spool
        fill(spool, events, total);
        events = null;
        long spooled = usedAfterGc();
        long perEventObject = (withEvents - empty) / total;
        long inMemory = Math.min(capacity, total);
        System.out.printf("an event object alone: %d bytes%n", perEventObject);
        System.out.printf(
                "spool holding %d events in memory and %d on disk only: %d bytes retained, %.1f per event%n",
                inMemory, total - inMemory, spooled - empty, (spooled - empty) / (double) total);
        // The writer's own CPU time per event: its rate on a core of its own, whatever else runs here.
        var threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().endsWith("-spool")) {
                long cpu = threads.getThreadCpuTime(t.getId());
                System.out.printf(
                        "writer CPU: %.0f ns per event, %.0f events/s per core%n",
                        cpu / (double) total, total / (cpu / 1e9));
            }
        }
        System.out.printf("on disk: %d bytes per event%n", directoryBytes(dir) / total);
        spool.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        SpoolBenchmarks.delete(dir);
        System.exit(0);
    }

    /** In a method of its own, so that no hidden loop variable keeps the events alive afterwards. */
    private static void fill(SpoolEventBuffer spool, Conversion[] events, int total) {
        long offered = 0;
        for (Conversion e : events) {
            if (spool.offer(e) < 0) {
                throw new IllegalStateException("the spool refused an event");
            }
            if (++offered - spool.spooled() > 4_000) {
                while (offered - spool.spooled() > 1_000) {
                    Thread.onSpinWait(); // keep the writer's queue from filling: every event is written
                }
            }
        }
        while (spool.spooled() < total) {
            Thread.onSpinWait();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directoryBytes(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
