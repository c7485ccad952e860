package ai.pagent.test;

import static ai.pagent.test.RawHttp.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FakeIngest#concurrentRequests()} and {@link FakeIngest#maxConcurrentRequests()}. */
class FakeIngestConcurrencyTest {

    static FakeIngest ingest;

    @BeforeAll
    static void start() {
        ingest = FakeIngest.start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void countsRequestsFromArrivalUntilTheirAnswerAndKeepsThePeakUntilReset() {
        ingest.reset();
        ingest.latency(Duration.ofSeconds(1));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(RawHttp.CLIENT.sendAsync(
                    HttpRequest.newBuilder(ingest.conversionsUri())
                            .header("Authorization", "Bearer " + ingest.apiKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(batch(i * 10, 10)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> ingest.concurrentRequests() == 3);
        assertThat(ingest.maxConcurrentRequests()).isEqualTo(3);
        assertThat(ingest.requestCount()).as("none answered yet").isZero();

        answers.forEach(a -> assertThat(a.join().statusCode()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> ingest.concurrentRequests() == 0);
        assertThat(ingest.maxConcurrentRequests()).isEqualTo(3);

        ingest.reset();
        assertThat(ingest.maxConcurrentRequests()).isZero();
        assertThat(RawHttp.post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
        assertThat(ingest.maxConcurrentRequests()).isEqualTo(1);
        assertThat(ingest.concurrentRequests()).isZero();
    }
}
