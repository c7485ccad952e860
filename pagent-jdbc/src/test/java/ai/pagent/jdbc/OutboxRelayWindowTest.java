package ai.pagent.jdbc;

import static ai.pagent.jdbc.Events.relay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rows a relay holds by default leave its client room for as many requests in flight as a
 * {@code PagentClient} may have (16 of 100 events): with 1000 rows it was held to 10, below the
 * in-memory path wherever the round trip bounds delivery.
 */
class OutboxRelayWindowTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** Requests of 100 rows the old default window (1000 rows) allowed at once. */
    private static final int OLD_CAP = 10;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aClientAllowedSixteenRequestsHasSixteenInFlightByDefault(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        Events.commit(db.dataSource, "window", 2000);
        try (FakeIngest slow = FakeIngest.start()) {
            slow.latency(Duration.ofSeconds(30)); // no answer comes back while the test looks
            OutboxRelay relay = relay(db.dataSource, slow)
                    .client(Events.client(slow)
                            .flushInterval(Duration.ofMinutes(1)) // full batches of 100 only
                            .maxInFlight(16)
                            .maxInFlightLimit(16)
                            .readTimeout(Duration.ofMinutes(2)) // no timeout, so no retry, adds requests
                            .shutdownTimeout(Duration.ofMillis(200)))
                    .owner("window")
                    .build()
                    .start();
            try {
                await().atMost(LONG).until(() -> slow.concurrentRequests() == 16);
                assertThat(slow.maxConcurrentRequests()).isEqualTo(16);
                assertThat(relay.stats().claimed()).isEqualTo(2000);
            } finally {
                relay.close();
            }
        }
    }

    @Test
    void theDefaultClientsAdaptiveLimitGrowsPastTenRequestsWhileTheOutboxDrains() throws Exception {
        TestDatabase db = TestDatabase.create("h2");
        int n = 20_000;
        Events.commit(db.dataSource, "grow", n);
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.countOnly(true);
            // The round trip, not CPU, bounds delivery: the client's limit grows by about one per round
            // trip from 2 toward 16 while more than a batch waits in its queue.
            ingest.latency(Duration.ofMillis(200));
            try (OutboxRelay relay = relay(db.dataSource, ingest)
                    .client(Events.client(ingest).flushInterval(Duration.ofMinutes(1)))
                    .build()
                    .start()) {
                await().atMost(LONG).until(() -> relay.stats().delivered() == n);
            }
            assertThat(ingest.acceptedCount()).isEqualTo(n);
            assertThat(ingest.maxConcurrentRequests()).isGreaterThan(OLD_CAP);
        }
    }
}
