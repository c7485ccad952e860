package ai.pagent.jdbc;

import ai.pagent.PagentClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A relay in a JVM of its own, for {@link RelayKillTest} to kill with SIGKILL while it holds leases.
 * Arguments: JDBC URL, ingest endpoint, API key, lease owner, lease in milliseconds.
 */
final class RelayChild {
    private RelayChild() {}

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        ds.setUser("postgres");
        OutboxRelay.builder()
                .dataSource(ds)
                .client(PagentClient.builder()
                        .apiKey(args[2])
                        .endpoint(URI.create(args[1]))
                        .flushInterval(Duration.ofMillis(20))
                        .initialBackoff(Duration.ofMillis(50))
                        .maxBackoff(Duration.ofMillis(200)))
                .owner(args[3])
                .leaseDuration(Duration.ofMillis(Long.parseLong(args[4])))
                .pollInterval(Duration.ofMillis(20))
                .build()
                .start();
        new CountDownLatch(1).await(); // until killed
    }
}
