package ai.pagent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** PostgreSQL stops and starts again while the app writes and the relay delivers: no committed row is lost. */
class DatabaseRestartTest {
    @Test
    void noCommittedRowIsLostAndTheRelayResumesAfterTheDatabaseRestarts() throws Exception {
        Path data = Files.createTempDirectory("outbox-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = start(data, port);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://localhost:" + port + "/postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(10);
        OutboxSchema.initialize(ds);

        Set<String> committed = ConcurrentHashMap.newKeySet();
        AtomicInteger writeFailures = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write(ds, committed, writeFailures, writing), "checkout-load");
        try (FakeIngest ingest = FakeIngest.start();
                OutboxRelay relay = Events.relay(ds, ingest).build().start()) {
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.stats().delivered() >= 200);

            pg.close(); // the database goes away under load
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> writeFailures.get() > 0 && relay.stats().databaseErrors() > 0);
            int before = committed.size();
            pg = start(data, port);

            await().atMost(Duration.ofSeconds(60)).until(() -> committed.size() >= before + 200);
            writing.set(false);
            writer.join(30_000);
            await().atMost(Duration.ofSeconds(90)).until(() -> rows(ds) == 0);

            Set<String> delivered = Events.sessions(ingest.events());
            System.out.printf(
                    "database restart: %d committed, %d failed writes, %d delivered (%d duplicates), relay %s%n",
                    committed.size(),
                    writeFailures.get(),
                    delivered.size(),
                    ingest.events().size() - delivered.size(),
                    relay.stats());
            assertThat(delivered).containsAll(committed);
        } finally {
            writing.set(false);
            pg.close();
        }
    }

    private static void write(
            PGSimpleDataSource ds, Set<String> committed, AtomicInteger failures, AtomicBoolean writing) {
        OutboxWriter outbox = OutboxWriter.create();
        int n = 0;
        while (writing.get()) {
            String session = "load-" + n++;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                outbox.write(c, Events.event(session));
                c.commit();
                committed.add(session); // only what surely committed; a failed commit may still have
            } catch (SQLException e) {
                failures.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // pacing while the database is down
            }
        }
    }

    private static long rows(PGSimpleDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return OutboxBacklog.read(c).pending();
        } catch (SQLException e) {
            return -1;
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }
}
