package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentClient;
import ai.pagent.jdbc.OutboxRelay;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code pagent.outbox.enabled=true}, a checkout served by Netty in a {@code @Transactional}
 * method writes its conversion into the outbox on the transaction's connection: on H2 and on a real
 * PostgreSQL, through a Hikari pool and Micronaut Data's JDBC transaction manager.
 */
class OutboxTransactionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger sessions = new AtomicInteger();
    private static final Map<String, Shop> shops = new ConcurrentHashMap<>();
    private static FakeIngest ingest;

    /** One running application per database kind, shared by the tests of that kind. */
    private static final class Shop {
        final OutboxDatabase db;
        final ApplicationContext context;
        final Http http;

        Shop(String kind) {
            db = OutboxDatabase.create(kind);
            Map<String, Object> properties = new HashMap<>(db.dataSourceProperties());
            properties.putAll(Map.of(
                    "test.outbox", "true",
                    "micronaut.server.port", "-1",
                    "pagent.api-key", ingest.apiKey(),
                    "pagent.endpoint", ingest.endpoint().toString(),
                    "pagent.batch.flush-interval", "20ms",
                    "pagent.outbox.enabled", "true",
                    "pagent.outbox.backlog-interval", "100ms",
                    "pagent.outbox.relay.poll-interval", "50ms",
                    "pagent.outbox.initialize-schema", "true"));
            context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
            http = new Http(context.getBean(EmbeddedServer.class).getURI());
        }

        PagentClient client() {
            return context.getBean(PagentClient.class);
        }

        OutboxRelay relay() {
            return context.getBean(OutboxRelay.class);
        }
    }

    @BeforeAll
    static void startIngest() {
        ingest = FakeIngest.start();
    }

    @AfterAll
    static void stop() {
        shops.values().forEach(s -> s.context.close());
        ingest.close();
    }

    private static Shop shop(String kind) {
        return shops.computeIfAbsent(kind, Shop::new);
    }

    private static String session() {
        return "outbox-" + sessions.incrementAndGet();
    }

    private static String[] variables(String session) {
        return new String[] {"X-Pagent-Variables", Http.variablesJson(session)};
    }

    private static List<ReceivedEvent> received(String session) {
        return ingest.events().stream()
                .filter(e -> e.sessionId().equals(session))
                .toList();
    }

    /** A committed checkout of a fresh session; returns once pagent has it. Nothing sent later can overtake it. */
    private static void commitMarkerAndAwaitIt(Shop shop) {
        String marker = session();
        assertThat(shop.http
                        .postJson("/outbox/checkout?cents=1", "{}", variables(marker))
                        .statusCode())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> received(marker).size() == 1);
        await().atMost(WAIT).until(() -> shop.db.count("pagent_outbox") == 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aCommittedCheckoutIsDeliveredOnceThroughTheOutbox(String kind) {
        Shop shop = shop(kind);
        String session = session();
        long orders = shop.db.count("orders");
        long queuedInMemory = shop.client().stats().queued();
        long delivered = shop.relay().stats().delivered();

        HttpResponse<String> response = shop.http.postJson("/outbox/checkout?cents=4999", "{}", variables(session));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(shop.db.count("orders")).isEqualTo(orders + 1);
        await().atMost(WAIT).until(() -> received(session).size() == 1);
        await().atMost(WAIT).until(() -> shop.db.count("pagent_outbox") == 0);
        await().atMost(WAIT).until(() -> shop.relay().stats().delivered() == delivered + 1);
        await().atMost(WAIT).until(() -> shop.relay().clientStats().pending() == 0);
        assertThat(received(session)).hasSize(1);
        assertThat(received(session).get(0).revenue()).isEqualTo(4999L);
        assertThat(received(session).get(0).label()).isEqualTo("checkout");
        assertThat(shop.client().stats().queued())
                .as("the in-memory queue never saw it")
                .isEqualTo(queuedInMemory);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRolledBackCheckoutIsNeverSent(String kind) {
        Shop shop = shop(kind);
        String session = session();
        long orders = shop.db.count("orders");

        // The method returns normally; the transaction is rolled back for rollback-only.
        HttpResponse<String> response =
                shop.http.postJson("/outbox/checkout?cents=3500&rollback=true", "{}", variables(session));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(shop.db.count("orders")).isEqualTo(orders);
        assertThat(shop.db.count("pagent_outbox")).isZero();
        commitMarkerAndAwaitIt(shop);
        assertThat(shop.client().flush(WAIT)).isTrue();
        assertThat(received(session)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theTrackerWritesOnTheTransactionsOwnConnection(String kind) {
        Shop shop = shop(kind);
        String session = session();

        HttpResponse<String> response = shop.http.postJson("/outbox/track?cents=700", "{}", variables(session));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .as("the transaction sees its row, another connection does not before the commit")
                .isEqualTo("1,0");
        await().atMost(WAIT).until(() -> received(session).size() == 1);
        assertThat(received(session).get(0).revenue()).isEqualTo(700L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTrackedConversionRollsBackWithTheOrderWhenTheCheckoutFailsAfterwards(String kind) {
        Shop shop = shop(kind);
        String session = session();
        long orders = shop.db.count("orders");

        HttpResponse<String> response =
                shop.http.postJson("/outbox/track?cents=800&fail=true", "{}", variables(session));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(shop.db.count("orders")).isEqualTo(orders);
        assertThat(shop.db.count("pagent_outbox")).isZero();
        commitMarkerAndAwaitIt(shop);
        assertThat(shop.client().flush(WAIT)).isTrue();
        assertThat(received(session)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void outsideATransactionTheInMemoryQueueSends(String kind) {
        Shop shop = shop(kind);
        String session = session();
        long queued = shop.client().stats().queued();
        long claimed = shop.relay().stats().claimed();

        HttpResponse<String> response =
                shop.http.postJson("/outbox/no-transaction?cents=1200", "{}", variables(session));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(shop.client().stats().queued()).isEqualTo(queued + 1);
        assertThat(shop.db.count("pagent_outbox")).isZero();
        await().atMost(WAIT).until(() -> received(session).size() == 1);
        assertThat(shop.client().flush(WAIT)).isTrue();
        assertThat(received(session)).hasSize(1);
        assertThat(shop.relay().stats().claimed()).isEqualTo(claimed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReadOnlyTransactionLeavesTheConversionToTheInMemoryQueue(String kind) {
        Shop shop = shop(kind);
        String session = session();
        long queued = shop.client().stats().queued();

        HttpResponse<String> response = shop.http.postJson("/outbox/read-only?cents=1300", "{}", variables(session));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(shop.db.count("pagent_outbox")).isZero();
        assertThat(shop.client().stats().queued()).isEqualTo(queued + 1);
        await().atMost(WAIT).until(() -> received(session).size() == 1);
        assertThat(received(session).get(0).revenue()).isEqualTo(1300L);
    }
}
