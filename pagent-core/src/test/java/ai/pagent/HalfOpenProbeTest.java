package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.RecordedRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe of an open circuit holds its only permission: whatever answers it (a refused key, a
 * missing endpoint, a rate limit, a key source that yields nothing), the permission comes back, so
 * the circuit can probe again and delivery resumes once pagent answers 200.
 */
class HalfOpenProbeTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();

    /** One sender, retries within milliseconds, and re-probes of a refusal after 50 ms. */
    private PagentClient.Builder probing() {
        return delivery.fastClient()
                .maxInFlight(1)
                .maxInFlightLimit(1)
                .maxAttempts(100)
                .refusalReprobe(Duration.ofMillis(50));
    }

    static Stream<Arguments> probeAnswers() {
        return Stream.of(
                Arguments.of(401, (Consumer<FakeIngest>) i -> i.failNext(401, 1)),
                Arguments.of(403, (Consumer<FakeIngest>) i -> i.failNext(403, 1)),
                Arguments.of(404, (Consumer<FakeIngest>) i -> i.failNext(404, 1)),
                Arguments.of(429, (Consumer<FakeIngest>) i -> i.rateLimitNext(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeAnswers")
    void aProbeThatMeetsAPauseLeavesTheCircuitAbleToProbeAgain(int status, Consumer<FakeIngest> probeAnswer) {
        // Five 503s in a row open the circuit; the sixth request is its probe.
        ingest.failNext(503, 5);
        probeAnswer.accept(ingest);
        PagentClient client = delivery.start(probing());
        trackAll(client, TestEvents.events(0, 3));

        assertThat(client.flush(WAIT)).as("stats %s", client.stats()).isTrue();

        assertThat(ingest.requests())
                .extracting(RecordedRequest::status)
                .containsExactly(503, 503, 503, 503, 503, status, 200);
        assertThat(client.stats().accepted()).isEqualTo(3);
        assertThat(client.stats().failed()).isZero();
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.RUNNING);
    }

    @Test
    void aProbeWhoseKeySourceThrowsLeavesTheCircuitAbleToProbeAgain() {
        ingest.failNext(503, 5);
        AtomicReference<PagentClient> holder = new AtomicReference<>();
        AtomicBoolean thrown = new AtomicBoolean();
        String key = ingest.apiKey();
        PagentClient client = delivery.start(probing().apiKey(() -> {
            PagentClient c = holder.get();
            // The first key asked for once the circuit opened is the probe's: the source fails it.
            if (c != null && c.stats().state() == PagentStats.State.CIRCUIT_OPEN && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("vault sealed");
            }
            return key;
        }));
        holder.set(client);
        trackAll(client, TestEvents.events(0, 3));

        assertThat(client.flush(WAIT)).as("stats %s", client.stats()).isTrue();

        assertThat(thrown).isTrue();
        assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(503, 503, 503, 503, 503, 200);
        assertThat(client.stats().accepted()).isEqualTo(3);
    }
}
