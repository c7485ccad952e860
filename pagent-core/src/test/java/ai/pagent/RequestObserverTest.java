package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each promise of {@link RequestObserver}, against a real {@link FakeIngest}. */
class RequestObserverTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeIngest ingest = ingestExtension.get();
    private final List<PagentClient> clients = new ArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    record Seen(int status, int events, Duration took, String thread) {}

    private final RequestObserver recording = (status, events, took) ->
            seen.add(new Seen(status, events, took, Thread.currentThread().getName()));

    @BeforeEach
    void resetIngest() {
        ingest.reset();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(PagentClient::close);
    }

    private PagentClient.Builder client() {
        return PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .flushInterval(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .readTimeout(Duration.ofSeconds(2));
    }

    private PagentClient start(PagentClient.Builder builder) {
        PagentClient client = builder.build();
        clients.add(client);
        return client;
    }

    @Test
    void hearsEveryRequestOnceWithItsStatusEventsAndDurationOnTheSenderThread() {
        ingest.latency(Duration.ofMillis(30));
        ingest.failNext(503, 1).rateLimitNext(1).failNext(400, 1);
        PagentClient client = start(client().maxBatchSize(10).requestObserver(recording));
        for (int i = 0; i < 25; i++) {
            client.track(TestEvents.event(i));
        }

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        assertThat(seen)
                .extracting(Seen::status)
                .containsExactlyInAnyOrderElementsOf(
                        requests.stream().map(RecordedRequest::status).toList())
                .contains(503, 429, 400, 200);
        assertThat(seen)
                .extracting(Seen::events)
                .containsExactlyInAnyOrderElementsOf(
                        requests.stream().map(RecordedRequest::eventCount).toList());
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.took()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(s.thread()).startsWith("pagent-").contains("-sender-");
        });
    }

    @Test
    void reportsZeroWhenNoAnswerCame() {
        ingest.dropConnectionNext(1);
        PagentClient client = start(client().requestObserver(recording));
        client.track(TestEvents.event(1));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(seen).extracting(Seen::status).containsExactly(0, 200);
        assertThat(seen).extracting(Seen::events).containsExactly(1, 1);
    }

    @Test
    void hearsSendOnTheCallersThread() {
        PagentClient client = start(client().requestObserver(recording));

        client.send(List.of(TestEvents.event(1), TestEvents.event(2)));

        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.events()).isEqualTo(2);
            assertThat(s.thread()).isEqualTo(Thread.currentThread().getName());
        });
    }

    @Test
    void aThrowingObserverChangesNothingAndIsLoggedWithoutTheKey() {
        String key = ingest.apiKey();
        RequestObserver throwing = (status, events, took) -> {
            seen.add(new Seen(status, events, took, Thread.currentThread().getName()));
            throw new IllegalStateException("observer broke holding " + key);
        };
        try (LogCapture logs = new LogCapture()) {
            PagentClient client = start(client().maxBatchSize(5).requestObserver(throwing));
            for (int i = 0; i < 20; i++) {
                client.track(TestEvents.event(i));
            }

            assertThat(client.flush(WAIT)).isTrue();

            assertThat(client.stats().accepted()).isEqualTo(20);
            assertThat(client.stats().failed()).isZero();
            assertThat(seen).hasSize(ingest.requests().size()).hasSizeGreaterThanOrEqualTo(4);
            List<String> warnings = logs.lines().stream()
                    .filter(l -> l.contains("RequestObserver threw"))
                    .toList();
            assertThat(warnings).as("one warning per minute at most").hasSize(1);
            assertThat(warnings.get(0)).contains("IllegalStateException").doesNotContain(key);
        }
    }

    @Test
    void hearsNothingWhenNoRequestIsMade() {
        PagentClient noKey = start(client().apiKey(() -> {
                    throw new IllegalStateException("no key yet");
                })
                .requestObserver(recording));
        noKey.track(TestEvents.event(1));
        await().atMost(WAIT).until(() -> noKey.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);

        PagentClient dryRun = start(PagentClient.builder().dryRun(true).requestObserver(recording));
        dryRun.track(TestEvents.event(2));
        assertThat(dryRun.flush(WAIT)).isTrue();

        assertThat(seen).isEmpty();
        assertThat(ingest.requestCount()).isZero();
    }
}
