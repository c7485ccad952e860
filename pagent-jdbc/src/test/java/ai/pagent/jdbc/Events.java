package ai.pagent.jdbc;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** Test events, each told apart by its session id, and relays pointed at a FakeIngest. */
final class Events {
    static final String GOAL = "6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6";

    private Events() {}

    static Conversion event(String session) {
        return Conversion.builder()
                .sessionId(session)
                .userId("user-" + session)
                .conversionId(GOAL)
                .label("checkout")
                .revenueCents(999)
                .properties(Map.of("plan", "pro", "items", List.of(1, 2)))
                .build();
    }

    /** Writes {@code n} events named {@code prefix-0..n-1} in one committed transaction. */
    static void commit(DataSource ds, String prefix, int n) throws SQLException {
        OutboxWriter writer = OutboxWriter.create();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            List<Conversion> batch = new ArrayList<>(500);
            for (int i = 0; i < n; i++) {
                batch.add(event(prefix + "-" + i));
                if (batch.size() == 500) {
                    writer.writeAll(c, batch);
                    batch.clear();
                }
            }
            writer.writeAll(c, batch);
            c.commit();
        }
    }

    static PagentClient.Builder client(FakeIngest ingest) {
        return PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .flushInterval(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200))
                .shutdownTimeout(Duration.ofSeconds(2));
    }

    static OutboxRelay.Builder relay(DataSource ds, FakeIngest ingest) {
        return OutboxRelay.builder()
                .dataSource(ds)
                .client(client(ingest))
                .pollInterval(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(500))
                .backlogInterval(Duration.ofMillis(100));
    }

    static Set<String> sessions(List<ReceivedEvent> events) {
        Set<String> out = new HashSet<>();
        for (ReceivedEvent e : events) {
            out.add(e.sessionId());
        }
        return out;
    }
}
