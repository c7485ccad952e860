package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inside {@code @Transactional}, the event is queued after the commit, never on rollback. */
class TransactionTest {
    private static FakeIngest ingest;
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        ingest = FakeIngest.start();
        context = ApplicationContext.run(Map.of(
                "test.tx", "true",
                "datasources.default.url", "jdbc:h2:mem:pagent-tx;DB_CLOSE_DELAY=-1",
                "datasources.default.driver-class-name", "org.h2.Driver",
                "datasources.default.username", "sa",
                "datasources.default.password", "",
                "pagent.api-key", ingest.apiKey(),
                "pagent.endpoint", ingest.endpoint().toString(),
                "pagent.batch.flush-interval", "20ms"));
        context.getBean(PaymentService.class).createTable();
    }

    @AfterAll
    static void stop() {
        context.close();
        ingest.close();
    }

    @BeforeEach
    void reset() {
        assertThat(client().flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
    }

    private static PagentClient client() {
        return context.getBean(PagentClient.class);
    }

    private static long pay(long cents, boolean rollback, String session) throws Exception {
        HttpRequest<?> request = HttpRequest.POST("/pay", "").header("X-Pagent-Variables", Http.variablesJson(session));
        java.util.concurrent.Callable<Long> call =
                () -> context.getBean(PaymentService.class).pay(cents, rollback);
        return ServerRequestContext.with(request, call);
    }

    @Test
    void sendsAfterTheCommit() throws Exception {
        long before = context.getBean(PaymentService.class).count();

        assertThat(pay(2500, false, "tx-1")).isEqualTo(2500);

        assertThat(context.getBean(PaymentService.class).count()).isEqualTo(before + 1);
        assertThat(ingest.awaitEvents(1, Duration.ofSeconds(20)).get(0).revenue())
                .isEqualTo(2500L);
    }

    @Test
    void sendsNothingWhenTheTransactionRollsBack() throws Exception {
        long before = context.getBean(PaymentService.class).count();

        assertThat(pay(3500, true, "tx-2")).isEqualTo(3500);

        assertThat(context.getBean(PaymentService.class).count()).isEqualTo(before);
        assertThat(client().flush(Duration.ofSeconds(20))).isTrue();
        assertThat(ingest.events()).isEmpty();
    }
}
