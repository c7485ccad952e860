package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.ThreadCpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code counting} drain of {@link Drain}, repeated in one JVM, with the CPU time each drain cost
 * per group of threads ({@link ThreadCpu}): a measurement that survives a loaded machine, where the
 * events per second do not. Each round starts an ingest and a client, builds the backlog, collects
 * the garbage (so no GC of the backlog lands in the drain), then times the drain from the first
 * {@code track()} until {@code flush()} returned. Prints {@code @@ draincpu <label> r=<round>
 * eventsPerSecond=… <group>=<ms>…}; read the warm rounds (2 on). {@code java -cp benchmarks.jar
 * ai.pagent.benchmarks.pagent.DrainCpu [label] [rounds]}; {@code -Ddrain.inFlightLimit=N} caps the
 * adaptive limit.
 */
public final class DrainCpu {
    private DrainCpu() {}

    public static void main(String[] args) throws Exception {
        String label = args.length > 0 ? args[0] : "pagent";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Integer cap = Integer.getInteger("drain.inFlightLimit");
        for (int r = 0; r < rounds; r++) {
            try (CountingIngest ingest = CountingIngest.start("\"conversion_id\"")) {
                PagentClient.Builder builder = PagentClient.builder()
                        .apiKey("bench-key")
                        .endpoint(ingest.endpoint())
                        .queueCapacity(Drain.BACKLOG)
                        .shutdownTimeout(Duration.ofSeconds(30));
                if (cap != null) {
                    builder.maxInFlightLimit(cap);
                }
                PagentClient client = builder.build();
                try {
                    List<Conversion> backlog = new ArrayList<>(Drain.BACKLOG);
                    for (int i = 0; i < Drain.BACKLOG; i++) {
                        backlog.add(Drain.event(i));
                    }
                    System.gc();
                    String load = ThreadCpu.loadAverage();
                    ThreadCpu before = ThreadCpu.now();
                    long started = System.nanoTime();
                    for (Conversion event : backlog) {
                        client.track(event);
                    }
                    boolean done = client.flush(Duration.ofMinutes(3));
                    long nanos = System.nanoTime() - started;
                    ThreadCpu after = ThreadCpu.now();
                    long delivered = ingest.awaitEvents(Drain.BACKLOG, Duration.ofSeconds(5));
                    System.out.println(after.drainLine(label, r, load, Drain.BACKLOG, nanos, delivered, done, before));
                } finally {
                    client.close();
                }
            }
        }
    }
}
