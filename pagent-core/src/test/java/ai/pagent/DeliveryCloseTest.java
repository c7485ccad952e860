package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.assertAllAccountedFor;
import static ai.pagent.DeliveryFixture.pagentThreads;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PagentClient#close()} while every sender waits (a long {@code Retry-After}, a refused key, a
 * long backoff): it ends the wait, drops what is left as {@link DropReason#SHUTDOWN} and ends every
 * thread within about {@code shutdownTimeout}, instead of waiting the pause out.
 */
class DeliveryCloseTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final RecordingListener listener = delivery.listener;

    /** shutdownTimeout of 300 ms plus the second of grace close() may take, with room for a busy machine. */
    private static final Duration CLOSE_BOUND = Duration.ofMillis(3_000);

    /** Sends the five events of each test in one batch, as soon as the fifth is tracked. */
    private PagentClient.Builder closingSoon() {
        return delivery.fastClient()
                .flushInterval(Duration.ofMinutes(1))
                .maxBatchSize(5)
                .shutdownTimeout(Duration.ofMillis(300));
    }

    @Test
    void closeEndsAWaitForALongRetryAfter() {
        ingest.rateLimitNext(1, Duration.ofMinutes(10));
        PagentClient client = closingSoon().build();
        trackAll(client, TestEvents.events(0, 5));
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.RATE_LIMITED);

        assertClosesPromptlyDroppingEverything(client, 5);
        assertThat(ingest.requests()).hasSize(1);
    }

    @Test
    void closeEndsAPauseOnARefusedKey() {
        ingest.failNext(401, 1);
        PagentClient client =
                closingSoon().refusalReprobe(Duration.ofMinutes(10)).build();
        trackAll(client, TestEvents.events(0, 5));
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);

        assertClosesPromptlyDroppingEverything(client, 5);
        assertThat(ingest.requests()).hasSize(1);
    }

    @Test
    void closeEndsAPauseOnAMissingEndpoint() {
        ingest.failNext(404, 1);
        PagentClient client =
                closingSoon().refusalReprobe(Duration.ofMinutes(10)).build();
        trackAll(client, TestEvents.events(0, 5));
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);

        assertClosesPromptlyDroppingEverything(client, 5);
        assertThat(ingest.requests()).hasSize(1);
    }

    @Test
    void closeEndsABackoffBetweenRetries() {
        // One server error, then a wait drawn from [0, 10 min]: the retry is due long after the close.
        ingest.failNext(500, 1);
        PagentClient client = closingSoon()
                .initialBackoff(Duration.ofMinutes(10))
                .maxBackoff(Duration.ofMinutes(10))
                .build();
        trackAll(client, TestEvents.events(0, 5));
        await().atMost(WAIT).until(() -> client.stats().retried() == 5);

        long started = System.nanoTime();
        client.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CLOSE_BOUND);
        assertThat(pagentThreads()).isEmpty();
        assertAllAccountedFor(client, 5);
        // The retry either came due in time (a wait drawn near zero) or was given up at the close.
        PagentStats s = client.stats();
        assertThat(s.accepted() + s.dropped(DropReason.SHUTDOWN)).isEqualTo(5);
        assertThat(s.failed()).isZero();
    }

    private void assertClosesPromptlyDroppingEverything(PagentClient client, int tracked) {
        long started = System.nanoTime();
        client.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CLOSE_BOUND);
        assertThat(pagentThreads()).isEmpty();
        assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(tracked);
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.CLOSED);
        assertAllAccountedFor(client, tracked);
        assertThat(listener.dropped).hasSize(tracked);
        assertThat(listener.dropReasons).containsOnly(DropReason.SHUTDOWN);
    }
}
