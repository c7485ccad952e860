package ai.pagent;

import ai.pagent.internal.SpoolTestAccess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link SpoolCrashTest} kills: tracks events {@code crash-0..crash-(n-1)} with the spool
 * on, printing {@code SPOOLED k} each time more of them reached the OS, until it is killed.
 * Arguments: endpoint, API key, spool directory, n, pause between events in microseconds.
 */
final class SpoolCrashChild {
    private SpoolCrashChild() {}

    public static void main(String[] args) {
        PagentClient client = PagentClient.builder()
                .endpoint(URI.create(args[0]))
                .apiKey(args[1])
                .spool(Path.of(args[2]))
                .spoolFsyncInterval(Duration.ofMillis(10))
                .flushInterval(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200))
                .maxAttempts(100)
                .queueCapacity(1000)
                .build();
        int n = Integer.parseInt(args[3]);
        long pauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[4]));
        Thread reporter = new Thread(() -> {
            long reported = -1;
            while (true) {
                long spooled = SpoolTestAccess.spooled(client);
                if (spooled != reported) {
                    System.out.println("SPOOLED " + spooled);
                    System.out.flush();
                    reported = spooled;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        });
        reporter.setDaemon(true);
        reporter.start();
        for (int i = 0; i < n; i++) {
            client.track(event(i));
            LockSupport.parkNanos(pauseNanos); // paced load, so the kill lands mid-stream
        }
        System.out.println("TRACKED " + n);
        System.out.flush();
        LockSupport.park(); // wait to be killed
    }

    static Conversion event(int i) {
        return Conversion.builder()
                .sessionId("crash-" + i)
                .userId("user-" + (i % 13))
                .conversionId(TestEvents.GOAL)
                .label("checkout")
                .revenueCents(100L + i)
                .build();
    }
}
