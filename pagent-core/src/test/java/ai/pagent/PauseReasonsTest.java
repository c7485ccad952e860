package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.assertAllAccountedFor;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stats().state()} and {@code stats().problem()} say why a client does not send (for health
 * checks), and stop saying it once delivery works again; and the outcomes of the rarer endings of a
 * request: an {@link Error} out of the user's OkHttp client, a key source that yields nothing.
 */
class PauseReasonsTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final RecordingListener listener = delivery.listener;

    @Test
    void aRateLimitSaysSoUntilARequestGoesThrough() {
        ingest.rateLimitNext(1, Duration.ofSeconds(1));
        PagentClient client = delivery.start(delivery.fastClient());
        trackAll(client, TestEvents.events(0, 2));

        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.RATE_LIMITED);
        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("429"));

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.RUNNING);
        assertThat(client.stats().problem()).isEmpty();
    }

    @Test
    void anOpenCircuitNamesTheServerErrorThatOpenedIt() {
        ingest.outage(503);
        PagentClient client = delivery.start(delivery.fastClient().maxAttempts(100));
        trackAll(client, TestEvents.events(0, 2));

        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.CIRCUIT_OPEN);
        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("pagent answered 503"));

        ingest.endOutage();
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().problem()).isEmpty();
        assertThat(client.stats().failed()).isZero();
    }

    @Test
    void aKeySourceThatYieldsNothingPausesLikeARefusedKey() {
        AtomicBoolean sealed = new AtomicBoolean(true);
        String key = ingest.apiKey();
        PagentClient client = delivery.start(delivery.fastClient().apiKey(() -> {
            if (sealed.get()) {
                throw new IllegalStateException("vault sealed");
            }
            return key;
        }));
        trackAll(client, TestEvents.events(0, 2));

        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);
        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("apiKey supplier threw"));
        assertThat(ingest.requests()).isEmpty();

        sealed.set(false);
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(2);
    }

    @Test
    void anErrorOutOfTheHttpClientFailsOnlyTheEventsWithoutAnOutcome() {
        ingest.rejectEvents(e -> "poison".equals(e.label()));
        AtomicInteger requests = new AtomicInteger();
        OkHttpClient throwing = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    if (requests.incrementAndGet() == 3) {
                        throw new AssertionError("interceptor bug");
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        PagentClient client =
                delivery.start(delivery.fastClient().httpClient(throwing).flushInterval(Duration.ofMinutes(1)));
        // [0 1 poison 3] is refused; [0 1] is accepted; [poison 3] meets the Error.
        trackAll(
                client,
                List.of(
                        TestEvents.event(0),
                        TestEvents.event(1),
                        TestEvents.labelled(2, "poison"),
                        TestEvents.event(3)));

        assertThat(client.flush(WAIT)).isTrue();

        assertAllAccountedFor(client, 4);
        assertThat(listener.accepted).extracting(Conversion::sessionId).containsExactly("session-0", "session-1");
        assertThat(listener.failed).extracting(Conversion::sessionId).containsExactly("session-2", "session-3");
        assertThat(listener.causes)
                .singleElement()
                .satisfies(c ->
                        assertThat(c).hasMessageContaining("interceptor bug").hasCauseInstanceOf(AssertionError.class));

        // The client goes on delivering.
        trackAll(client, TestEvents.events(10, 2));
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(4);
    }
}
