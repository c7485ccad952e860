package ai.pagent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class OutboxRelayLeaseTest {
    @Test
    void renewsTheLeasesOfRowsItIsStillDeliveringSoNoOtherRelayTakesThem() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        Events.commit(db.dataSource, "slow", 20);
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.latency(Duration.ofMillis(2500)); // five leases long
            try (OutboxRelay holder = Events.relay(db.dataSource, ingest)
                    .owner("holder")
                    .leaseDuration(Duration.ofMillis(500))
                    .build()
                    .start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> db.count("lease_owner = 'holder'") == 20);
                try (OutboxRelay other = Events.relay(db.dataSource, ingest)
                        .owner("other")
                        .leaseDuration(Duration.ofMillis(500))
                        .build()
                        .start()) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> db.rows() == 0);
                    assertThat(other.stats().claimed()).isZero();
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> holder.stats().delivered() == 20);
                }
            }
            assertThat(ingest.events()).hasSize(20);
        }
    }

    @Test
    void buildNamesEveryMissingOrWrongSetting() {
        assertThatThrownBy(() -> OutboxRelay.builder()
                        .batchSize(101)
                        .leaseDuration(Duration.ofMillis(100))
                        .pollInterval(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataSource is required")
                .hasMessageContaining("client is required")
                .hasMessageContaining("batchSize must be between 1 and 100, got 101")
                .hasMessageContaining("pollInterval must be positive")
                .hasMessageContaining("leaseDuration must be at least 300 ms");
        assertThatThrownBy(() -> OutboxRelay.builder()
                        .dataSource(new JdbcDataSource())
                        .client(PagentClient.builder().dryRun(true))
                        .maxInFlight(50)
                        .owner("x".repeat(129))
                        .build())
                .hasMessageContaining("maxInFlight must be between batchSize (100) and 1000000, got 50")
                .hasMessageContaining("owner must be 1 to 128 characters, got 129");
    }

    @Test
    void aRelayThatWasNeverStartedClosesQuietlyAndCannotStartAfterwards() {
        OutboxRelay relay = OutboxRelay.builder()
                .dataSource(new JdbcDataSource())
                .client(PagentClient.builder().dryRun(true))
                .owner("idle")
                .build();
        relay.close();
        assertThat(relay.stats().claimed()).isZero();
        assertThat(relay.backlog()).isEmpty();
        assertThatThrownBy(relay::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the OutboxRelay is closed");
        assertThat(relay.toString()).contains("owner=idle");
    }
}
