package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import ai.pagent.PagentStats;
import ai.pagent.SendResult;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One {@link BatchSender} on a {@link VirtualClock}, sending to a real {@link FakeIngest} over
 * HTTP on the caller's thread, with the virtual time of every request recorded. Build it with
 * {@link #start}; close it after the test.
 */
final class VirtualSender implements AutoCloseable {
    final FakeIngest ingest;
    final VirtualClock clock = new VirtualClock();
    final Outcomes outcomes = new Outcomes(null, new PagentThreads(), 1_000);
    /** The virtual time of each request, in the order they were sent. */
    final List<Long> sentAt = new CopyOnWriteArrayList<>();

    private @Nullable HttpTransport http;
    private ApiKey apiKey;
    private volatile Runnable beforeEachRequest = () -> {};
    private Duration initialBackoff = Duration.ofMillis(5);
    private Duration maxBackoff = Duration.ofMillis(50);
    private int maxAttempts = 100;
    private Duration reprobe = Duration.ofMinutes(1);
    private InFlightLimit limit;
    SendGate gate;
    BatchSender sender;

    VirtualSender(FakeIngest ingest) {
        this.ingest = ingest;
        this.apiKey = ApiKey.of(ingest.apiKey());
        this.limit = new InFlightLimit(1, 1, 100, () -> 0, clock::nanoTime);
    }

    /** The key source of the requests and the gate (by default the ingest's key). */
    VirtualSender apiKey(ApiKey apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    VirtualSender backoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    VirtualSender maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    VirtualSender refusalReprobe(Duration reprobe) {
        this.reprobe = reprobe;
        return this;
    }

    /** The limit of requests in flight the sender samples (by default a fixed one). */
    VirtualSender limit(InFlightLimit limit) {
        this.limit = limit;
        return this;
    }

    /** Runs {@code hook} before each request is sent, on the sender's thread: a deterministic hook. */
    VirtualSender beforeEachRequest(Runnable hook) {
        this.beforeEachRequest = hook;
        return this;
    }

    VirtualSender start() {
        DispatcherSettings settings = new DispatcherSettings(
                1_000,
                1 << 24,
                100,
                ClientSettings.MIN_BYTES,
                Duration.ofHours(1),
                1,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                Duration.ofSeconds(5),
                reprobe,
                1_000);
        HttpTransport http = new HttpTransport(
                HttpTransport.defaultClient(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                true,
                HttpTransport.conversionsUrl(HttpUrl.get(ingest.endpoint())),
                apiKey,
                Clock.systemUTC());
        this.http = http;
        gate = new SendGate(apiKey, initialBackoff, maxBackoff, reprobe, () -> 1, clock);
        Transport timed = new Transport() {
            @Override
            public SendResult send(List<Conversion> events) {
                beforeEachRequest.run();
                sentAt.add(clock.nanoTime());
                return http.send(events);
            }

            @Override
            public void close() {
                http.close();
            }
        };
        sender = new BatchSender(settings, timed, gate, outcomes, limit, clock);
        return this;
    }

    /** Sends events {@code from} to {@code from + count - 1} as one batch; returns once each has its outcome. */
    void send(int from, int count) {
        sender.send(IntStream.range(from, from + count)
                .mapToObj(TestConversions::event)
                .toList());
    }

    /** The virtual time between each request and the next, in milliseconds. */
    List<Long> gapsMillis() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sentAt.size(); i++) {
            gaps.add(Duration.ofNanos(sentAt.get(i) - sentAt.get(i - 1)).toMillis());
        }
        return gaps;
    }

    List<Integer> statuses() {
        return ingest.requests().stream().map(RecordedRequest::status).toList();
    }

    /** Events dropped because the client closed. */
    long shutdownDrops() {
        return outcomes.counters
                .snapshot(0, 0, PagentStats.State.RUNNING, null)
                .dropped()
                .get(DropReason.SHUTDOWN);
    }

    @Override
    public void close() {
        HttpTransport h = http;
        if (h != null) {
            h.close();
        }
    }
}
