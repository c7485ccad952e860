package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.pagentThreads;
import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.RecordedRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the client's threads work: none before the first event, a batch not before its {@code
 * flushInterval} unless it is full, and a {@code close()} from the client's own listener thread that
 * neither waits for itself nor holds up the {@code close()} it runs within.
 */
class ClientThreadsTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();

    @Test
    void startsNoThreadBeforeTheFirstEvent() {
        Set<String> before = new HashSet<>(pagentThreads());
        PagentClient client = delivery.start(delivery.fastClient());
        client.stats();

        assertThat(pagentThreads()).allSatisfy(t -> assertThat(before).contains(t));

        client.track(TestEvents.event(0));
        assertThat(pagentThreads())
                .anySatisfy(t -> assertThat(t).endsWith("-dispatcher").isNotIn(before));
    }

    @Test
    void aBatchWaitsItsFlushIntervalForMoreEvents() {
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMillis(400)));
        long started = System.nanoTime();
        client.track(TestEvents.event(0));
        client.track(TestEvents.event(1));

        ingest.awaitEvents(2, WAIT);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(ingest.requests()).extracting(RecordedRequest::eventCount).containsExactly(2);
    }

    @Test
    void closeOfAClientWithNothingLeftReturnsAtOnceNotAfterItsTimeout() {
        PagentClient client =
                delivery.fastClient().shutdownTimeout(Duration.ofSeconds(10)).build();
        DeliveryFixture.trackAll(client, TestEvents.events(0, 3));
        assertThat(client.flush(WAIT)).isTrue();

        long started = System.nanoTime();
        client.close();

        // Every thread is told to end (the batch thread, the senders, the listener): none is waited out.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(client.stats().accepted()).isEqualTo(3);
    }

    @Test
    void aListenerThatClosesTheClientDuringCloseDoesNotHoldItUp() {
        AtomicReference<PagentClient> holder = new AtomicReference<>();
        AtomicBoolean closedFromListener = new AtomicBoolean();
        PagentClient client = delivery.fastClient()
                .flushInterval(Duration.ofMinutes(1))
                .shutdownTimeout(Duration.ofSeconds(5))
                .listener(new DeliveryListener() {
                    @Override
                    public void onAccepted(List<Conversion> events) {
                        holder.get().close(); // on the listener thread, while close() waits for it
                        closedFromListener.set(true);
                    }
                })
                .build();
        holder.set(client);
        client.track(TestEvents.event(0)); // waits a minute for its batch: close() sends it

        long started = System.nanoTime();
        client.close();

        // Waiting for itself would cost the whole shutdownTimeout and the grace after it.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(closedFromListener).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(1);
    }
}
