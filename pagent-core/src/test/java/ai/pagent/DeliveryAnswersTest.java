package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.assertAllAccountedFor;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link PagentClient#track} makes of answers the policy tests leave out: a 200 that accepts
 * fewer events than were sent, client errors that no retry can cure, and a 408 that one can.
 */
class DeliveryAnswersTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final RecordingListener listener = delivery.listener;

    @Test
    void countsWhatA200DidNotAcceptAsUnconfirmedWithoutResendingIt() {
        ingest.acceptFewer(3);
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        trackAll(client, TestEvents.events(0, 10));

        assertThat(client.flush(WAIT)).isTrue();

        PagentStats s = client.stats();
        assertThat(s.accepted()).isEqualTo(10);
        assertThat(s.unconfirmed()).isEqualTo(3);
        assertThat(s.retried()).isZero();
        assertThat(ingest.requests()).extracting(RecordedRequest::eventCount).containsExactly(10);
        assertThat(listener.accepted).hasSize(10);
        assertAllAccountedFor(client, 10);

        // A full acceptance afterwards adds nothing to unconfirmed.
        trackAll(client, TestEvents.events(10, 4));
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(14);
        assertThat(client.stats().unconfirmed()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {405, 409, 422})
    void failsABatchAtOnceOnAClientErrorThatARetryCannotCure(int status) {
        ingest.failNext(status, 1);
        PagentClient client = delivery.start(
                delivery.fastClient().flushInterval(Duration.ofMinutes(1)).maxAttempts(5));
        trackAll(client, TestEvents.events(0, 5));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(status);
        PagentStats s = client.stats();
        assertThat(s.failed()).isEqualTo(5);
        assertThat(s.retried()).isZero();
        assertThat(s.state()).isEqualTo(PagentStats.State.RUNNING);
        assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p).contains(String.valueOf(status)));
        assertThat(listener.failed).hasSize(5);
        assertThat(listener.causes)
                .singleElement()
                .satisfies(c -> assertThat(c.statusCode()).isEqualTo(status));
        assertAllAccountedFor(client, 5);
    }

    @Test
    void retriesARequestTimeout() {
        ingest.failNext(408, 2);
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        trackAll(client, TestEvents.events(0, 5));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(408, 408, 200);
        assertThat(client.stats().accepted()).isEqualTo(5);
        assertThat(client.stats().retried()).isEqualTo(10);
        assertAllAccountedFor(client, 5);
    }
}
