package ai.pagent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.RecordedRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A relay killed with SIGKILL while it holds leases on several batches, all handed to its client:
 * another relay delivers its rows once the leases expire.
 */
class RelayKillTest {
    @Test
    void anotherRelayDeliversTheRowsOfAKilledRelayAfterItsLeasesExpire() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        Events.commit(db.dataSource, "orphan", 500);
        try (FakeIngest down = FakeIngest.start();
                FakeIngest up = FakeIngest.start()) {
            down.failNext(503, 100_000); // the child's requests fail: it keeps its rows and renews their leases
            down.latency(Duration.ofMillis(300)); // so that its requests in flight overlap
            Process child = startChild(db.jdbcUrl, down, "child", 3000);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count("lease_owner = 'child'") == 500);
                // Several batches under way at once (the client's floor is two requests in flight).
                await().atMost(Duration.ofSeconds(30)).until(() -> down.maxConcurrentRequests() >= 2);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no release
                assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
            }
            Instant leaseEnd = Instant.ofEpochMilli(maxLeaseUntil(db));
            assertThat(db.count("lease_owner = 'child'")).isEqualTo(500); // nothing was released
            assertThat(down.acceptedCount()).isZero();

            try (OutboxRelay survivor =
                    Events.relay(db.dataSource, up).owner("survivor").build().start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> db.rows() == 0);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> survivor.stats().delivered() == 500);
            }
            assertThat(Events.sessions(up.events())).hasSize(500);
            List<Instant> received = new ArrayList<>();
            for (RecordedRequest r : up.requests()) {
                received.add(r.receivedAt());
            }
            assertThat(received).isNotEmpty().allSatisfy(at -> assertThat(at).isAfterOrEqualTo(leaseEnd));
        }
    }

    private static long maxLeaseUntil(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT MAX(lease_until) FROM pagent_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Process startChild(String jdbcUrl, FakeIngest ingest, String owner, long leaseMillis)
            throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = Files.createTempFile("relay-child", ".args");
        Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = Files.createTempFile("relay-child", ".log").toFile();
        return new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "@" + argFile,
                        RelayChild.class.getName(),
                        jdbcUrl,
                        ingest.endpoint().toString(),
                        ingest.apiKey(),
                        owner,
                        Long.toString(leaseMillis))
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }
}
