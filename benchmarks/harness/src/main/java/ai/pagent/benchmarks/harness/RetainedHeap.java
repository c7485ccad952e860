package ai.pagent.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;

/**
 * Measures the heap an SDK keeps per queued event while its ingest is stalled: used heap after full
 * GCs, before and after queueing {@link Workload#RETAINED_EVENTS} events built from fresh strings,
 * divided by the count. The client is built before the first reading, so preallocated queue arrays
 * are a fixed cost, not a per-event one. One warm-up round, then the median of three.
 */
public final class RetainedHeap {
    /** One SDK's side of the measurement. */
    public interface Subject extends AutoCloseable {
        /** Builds a client pointed at {@code ingest}, with room for at least {@code events}. */
        void open(CountingIngest ingest, int events) throws Exception;

        /** Builds the {@code i}-th event from fresh strings and hands it over. */
        void queue(int i);

        /** Closes the client without waiting for its stalled sends. */
        @Override
        void close() throws Exception;
    }

    private RetainedHeap() {}

    /**
     * Runs the measurement and prints {@code @@ retained <sdk> <bytes per event>} for the report.
     *
     * @param sdk the name in the report
     */
    public static double measure(String sdk, Subject subject) throws Exception {
        int n = Workload.RETAINED_EVENTS;
        double[] rounds = new double[3];
        for (int round = -1; round < rounds.length; round++) {
            CountingIngest ingest = CountingIngest.start("-").stall(true);
            subject.open(ingest, n);
            long before = usedAfterGc();
            for (int i = 0; i < n; i++) {
                subject.queue(i);
            }
            Thread.sleep(1000); // let background threads form their batches and block on the ingest
            long after = usedAfterGc();
            ingest.close(); // fails the stalled requests, so that closing the client does not wait for them
            subject.close();
            if (round >= 0) {
                rounds[round] = (after - before) / (double) n;
                System.out.printf(
                        "%s retained heap, round %d: %.1f B per queued event%n", sdk, round + 1, rounds[round]);
            }
        }
        Arrays.sort(rounds);
        double median = rounds[rounds.length / 2];
        System.out.printf("@@ retained %s %.1f%n", sdk, median);
        return median;
    }

    /** Used heap after full collections, once it has settled. */
    public static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
