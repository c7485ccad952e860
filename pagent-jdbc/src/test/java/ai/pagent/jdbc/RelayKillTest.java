package ai.pagent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.jdbc.internal.EventJson;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
            // Claimed in several rounds, the rows' leases may end at different times (until a renewal).
            Map<String, Instant> leaseEnds = leaseEnds(db);
            assertThat(leaseEnds).hasSize(500);
            assertThat(db.count("lease_owner = 'child'")).isEqualTo(500); // nothing was released
            assertThat(down.acceptedCount()).isZero();

            try (OutboxRelay survivor =
                    Events.relay(db.dataSource, up).owner("survivor").build().start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> db.rows() == 0);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> survivor.stats().delivered() == 500);
            }
            assertThat(Events.sessions(up.events())).hasSize(500);
            // No row went out before its lease, as the killed relay left it, had run out.
            List<RecordedRequest> requests = up.requests();
            assertThat(requests).isNotEmpty();
            int checked = 0;
            for (RecordedRequest r : requests) {
                for (Map.Entry<String, Instant> row : leaseEnds.entrySet()) {
                    if (r.body().contains("\"session_id\":\"" + row.getKey() + "\"")) {
                        assertThat(r.receivedAt()).as(row.getKey()).isAfterOrEqualTo(row.getValue());
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(500);
        }
    }

    private static Map<String, Instant> leaseEnds(TestDatabase db) throws Exception {
        Map<String, Instant> ends = new HashMap<>();
        try (Connection c = db.dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT event, lease_until FROM pagent_outbox")) {
            while (r.next()) {
                ends.put(EventJson.decode(r.getString(1)).sessionId(), Instant.ofEpochMilli(r.getLong(2)));
            }
        }
        return ends;
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
