package ai.pagent.benchmarks.harness;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 8's outage, run the same way for every SDK: {@link #EVENTS} events tracked at an even pace
 * over {@link #PACE}, the ingest answering 503 from {@link #OUTAGE_FROM} to {@link #OUTAGE_TO}, then
 * the client closed as an application stopping would. Prints {@code @@ outage <sdk> <settings>
 * delivered=… dropped=… lost=… duplicates=… recoveryMs=… closeMs=…} for the report, where
 * {@code lost} is every tracked event the ingest never accepted (dropped or not), {@code dropped}
 * what the SDK itself reported (-1: it reports nothing), and {@code recoveryMs} the time from the
 * end of the outage to the ingest's first accepted request.
 */
public final class OutageScenario {
    public static final int EVENTS = 20_000;
    public static final Duration PACE = Duration.ofSeconds(10);
    public static final Duration OUTAGE_FROM = Duration.ofSeconds(2);
    public static final Duration OUTAGE_TO = Duration.ofSeconds(7);

    /** The ingest side: pagent's {@code FakeIngest} or the peers' {@link CountingIngest}. */
    public interface Ingest extends AutoCloseable {
        URI endpoint();

        void outage(int status);

        void endOutage();

        /** Distinct events accepted so far. */
        long delivered();

        /** Events accepted more than once so far (-1: the ingest cannot tell). */
        long duplicates();

        /** Milliseconds from the end of the outage to the first accepted request, -1 if none. */
        double recoveryMillis();

        @Override
        void close();
    }

    /** The SDK side. */
    public interface Subject {
        void open(URI endpoint) throws Exception;

        /** Builds and tracks the {@code i}-th event. */
        void track(int i);

        /** Closes the client the way an application stopping would (flush if the SDK needs it, then close). */
        void close() throws Exception;

        /** What the SDK reported as dropped or failed, or -1 when it reports nothing. */
        long dropped();
    }

    private OutageScenario() {}

    /** Runs the scenario once and prints its {@code @@ outage} line. */
    public static void run(String sdk, String settings, Ingest ingest, Subject subject) throws Exception {
        subject.open(ingest.endpoint());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outage-timer");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        timer.schedule(() -> ingest.outage(503), OUTAGE_FROM.toNanos(), TimeUnit.NANOSECONDS);
        timer.schedule(ingest::endOutage, OUTAGE_TO.toNanos(), TimeUnit.NANOSECONDS);
        long step = PACE.toNanos() / EVENTS;
        for (int i = 0; i < EVENTS; i++) {
            long wait = start + i * step - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            subject.track(i);
        }
        long closing = System.nanoTime();
        subject.close();
        double closeMs = (System.nanoTime() - closing) / 1e6;
        timer.shutdownNow();
        // Whatever an SDK still sends after close() returned counts, if it comes within a second.
        long delivered = settle(ingest);
        System.out.printf(
                "@@ outage %s %s delivered=%d dropped=%d lost=%d duplicates=%d recoveryMs=%.0f closeMs=%.0f%n",
                sdk,
                settings,
                delivered,
                subject.dropped(),
                Math.max(0, EVENTS - delivered),
                ingest.duplicates(),
                ingest.recoveryMillis(),
                closeMs);
        ingest.close();
    }

    private static long settle(Ingest ingest) throws InterruptedException {
        long last = ingest.delivered();
        for (int quiet = 0; quiet < 10 && last < EVENTS; quiet++) {
            Thread.sleep(100);
            long now = ingest.delivered();
            if (now != last) {
                quiet = 0;
                last = now;
            }
        }
        return last;
    }

    /** The peers' ingest: counts events, cannot tell duplicates. */
    public static Ingest counting(String marker) {
        CountingIngest ingest = CountingIngest.start(marker);
        return new Ingest() {
            @Override
            public URI endpoint() {
                return ingest.endpoint();
            }

            @Override
            public void outage(int status) {
                ingest.outage(status);
            }

            @Override
            public void endOutage() {
                ingest.endOutage();
            }

            @Override
            public long delivered() {
                return ingest.events();
            }

            @Override
            public long duplicates() {
                return -1;
            }

            @Override
            public double recoveryMillis() {
                long nanos = ingest.recoveryNanos();
                return nanos < 0 ? -1 : nanos / 1e6;
            }

            @Override
            public void close() {
                ingest.close();
            }
        };
    }
}
