package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the tests of {@link PagentClient#track} share: clients tuned to retry and flush within
 * milliseconds against the class's {@link FakeIngest}, closed after each test, a {@link
 * RecordingListener}, and the accounting checks. Register it on an instance field, next to a static
 * {@link FakeIngestExtension}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeIngestExtension ingestExtension = new FakeIngestExtension();
 *
 * @RegisterExtension
 * final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);
 * }</pre>
 */
final class DeliveryFixture implements AfterEachCallback {
    /** The longest any wait of a delivery test may take on a busy machine. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final FakeIngest ingest;
    private final List<PagentClient> clients = new CopyOnWriteArrayList<>();
    /** Hears every outcome of clients made by {@link #fastClient()}. */
    final RecordingListener listener = new RecordingListener();

    DeliveryFixture(FakeIngestExtension ingest) {
        this.ingest = ingest.get();
    }

    FakeIngest ingest() {
        return ingest;
    }

    /** A client for the ingest: 50 ms flushes, 5-50 ms backoffs, the fixture's listener. */
    PagentClient.Builder fastClient() {
        return PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .flushInterval(Duration.ofMillis(50))
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .readTimeout(Duration.ofSeconds(5))
                .listener(listener);
    }

    /** Builds a client that is closed after the test. */
    PagentClient start(PagentClient.Builder builder) {
        PagentClient client = builder.build();
        clients.add(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(PagentClient::close);
    }

    static void trackAll(PagentClient client, List<Conversion> events) {
        for (Conversion e : events) {
            assertThat(client.track(e)).isTrue();
        }
    }

    /** Every tracked event ended accepted, failed or dropped, the counts add up, nothing waits or flies. */
    static void assertAllAccountedFor(PagentClient client, long tracked) {
        PagentStats s = client.stats();
        assertThat(s.queued()).isEqualTo(tracked);
        assertThat(s.pending()).isZero();
        assertThat(s.accepted() + s.failed() + s.dropped()).isEqualTo(tracked);
        assertThat(s.queueSize()).isZero();
        assertThat(s.inFlight()).isZero();
    }

    static Map<String, Long> countsBySession(List<ReceivedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(ReceivedEvent::sessionId, Collectors.counting()));
    }

    /** The client threads still alive, by name. */
    static List<String> pagentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("pagent-"))
                .collect(Collectors.toList());
    }
}
