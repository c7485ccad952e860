package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.assertAllAccountedFor;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One event that pagent refuses (400) costs its batch about 2 × log2(batch size) requests and no
 * wait: only rejections beyond what a single bad event explains back off.
 */
class SingleBadEventTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final RecordingListener listener = delivery.listener;

    @Test
    void isIsolatedFromAFullBatchWithoutBackingOff() {
        ingest.rejectEvents(e -> "poison".equals(e.label()));
        // A backoff of a minute: any wait at all would outlast the flush.
        PagentClient client = delivery.start(delivery.fastClient()
                .flushInterval(Duration.ofMinutes(1))
                .initialBackoff(Duration.ofMinutes(1))
                .maxBackoff(Duration.ofMinutes(1)));
        List<Conversion> events = new ArrayList<>(TestEvents.events(0, 99));
        events.add(TestEvents.labelled(99, "poison")); // the last: the longest way down, 7 splits
        trackAll(client, events);

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(listener.failed).extracting(Conversion::sessionId).containsExactly("session-99");
        assertThat(listener.accepted).hasSize(99);
        assertThat(ingest.requests()).hasSize(1 + 2 * 7);
        assertAllAccountedFor(client, 100);
    }
}
