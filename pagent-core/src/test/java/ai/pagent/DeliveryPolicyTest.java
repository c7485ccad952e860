package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.assertAllAccountedFor;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import ai.pagent.test.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How {@link PagentClient#track} answers each kind of answer: backoffs, pauses and re-probes, splits
 * and byte caps, outages and a transport that throws; against a real {@link FakeIngest}.
 */
class DeliveryPolicyTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final RecordingListener listener = delivery.listener;

    /** The shutdownTimeout of a client that ends its test paused: its close() drops what waits. */
    private static final Duration PAUSED_CLOSE = Duration.ofMillis(300);

    private static Duration gap(RecordedRequest earlier, RecordedRequest later) {
        return Duration.between(earlier.receivedAt(), later.receivedAt());
    }

    // ---------------------------------------------------------------- 429

    @Test
    void waitsAtLeastTheGrowingBackoffWhenRetryAfterIsZero() {
        ingest.rateLimitNext(3, "0");
        PagentClient client = delivery.start(delivery.fastClient()
                .initialBackoff(Duration.ofMillis(200))
                .maxBackoff(Duration.ofSeconds(2))
                .maxInFlight(1));
        trackAll(client, TestEvents.events(0, 5));

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(429, 429, 429, 200);
        // 200 ms, then 400 ms, then 800 ms: a server that says 0 still gets a backoff, doubling.
        assertThat(gap(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(gap(requests.get(1), requests.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(gap(requests.get(2), requests.get(3))).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(client.stats().failed()).isZero();
        assertAllAccountedFor(client, 5);
    }

    @Test
    void waitsAtLeastTheBackoffWhenRetryAfterIsADateInThePast() {
        ingest.rateLimitNext(1, "Wed, 21 Oct 2015 07:28:00 GMT");
        PagentClient client = delivery.start(
                delivery.fastClient().initialBackoff(Duration.ofMillis(300)).maxBackoff(Duration.ofSeconds(1)));
        trackAll(client, TestEvents.events(0, 1));

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(429, 200);
        assertThat(gap(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    // ---------------------------------------------------------------- 5xx

    @Test
    void spacesRetriesOfServerErrorsByABackoff() {
        // Full jitter draws each wait from [0, 400 ms]: four of them sum to under 25 ms with a
        // probability below 1e-6, while retries without any wait take about a millisecond each.
        // (Four failures: the fifth would open the circuit, which waits on its own schedule.)
        ingest.failNext(500, 4);
        PagentClient client = delivery.start(delivery.fastClient()
                .initialBackoff(Duration.ofMillis(400))
                .maxBackoff(Duration.ofMillis(400))
                .maxAttempts(20)
                .maxInFlight(1));
        trackAll(client, TestEvents.events(0, 1));

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(500, 500, 500, 500, 200);
        assertThat(gap(requests.get(0), requests.get(4))).isGreaterThanOrEqualTo(Duration.ofMillis(25));
        assertThat(client.stats().accepted()).isEqualTo(1);
        assertThat(client.stats().retried()).isEqualTo(4);
    }

    @Test
    void probesSoonAfterTheCircuitOpensAndResumesWhenTheOutageEnds() {
        ingest.failNext(503, 1_000);
        PagentClient client = delivery.start(delivery.fastClient()
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(30))
                .maxAttempts(100));
        trackAll(client, TestEvents.events(0, 10));
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.CIRCUIT_OPEN);
        int before = ingest.requests().size();
        // Open: probes come every 50 ms at first and only slowly further apart, not after 30 s.
        await().atMost(Duration.ofSeconds(5)).until(() -> ingest.requests().size() >= before + 3);

        ingest.reset();
        long recovered = System.nanoTime();

        await().atMost(WAIT).until(() -> client.stats().accepted() == 10);
        assertThat(Duration.ofNanos(System.nanoTime() - recovered)).isLessThan(Duration.ofSeconds(5));
        assertThat(client.stats().failed()).isZero();
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.RUNNING);
    }

    @Test
    void closeProbesAnOpenCircuitInsteadOfWaitingIdle() {
        ingest.failNext(503, 1_000);
        PagentClient client = delivery.fastClient()
                .initialBackoff(Duration.ofMillis(400))
                .maxBackoff(Duration.ofSeconds(30))
                .maxAttempts(100)
                .shutdownTimeout(Duration.ofSeconds(20))
                .build();
        trackAll(client, TestEvents.events(0, 10));
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.CIRCUIT_OPEN);
        // Let the circuit fail long enough for its wait to have grown well past the close's probes.
        int opened = ingest.requests().size();
        await().atMost(WAIT).until(() -> ingest.requests().size() >= opened + 6);
        ingest.reset();

        long closing = System.nanoTime();
        client.close();

        assertThat(client.stats().accepted()).isEqualTo(10);
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- 401, 403, 404

    @Test
    void reprobesARefusedFixedKeyOnAGrowingScheduleAndResumes() {
        PagentClient client = delivery.start(delivery.fastClient().refusalReprobe(Duration.ofMillis(300)));
        ingest.rotateKey("another-key"); // the client's fixed key is refused from now on
        trackAll(client, TestEvents.events(0, 5));
        await().atMost(WAIT).until(() -> ingest.requests().size() >= 3);
        List<RecordedRequest> refused = ingest.requests();
        // Paused again once the probe's 401 is in (a probe under way shows as RUNNING).
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);
        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("401").contains("tried again"));
        // 300 ms, then 600 ms: the same key again, less and less often.
        assertThat(gap(refused.get(0), refused.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(gap(refused.get(1), refused.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(600));

        ingest.reset(); // the key is valid again (a transient 401)

        await().atMost(WAIT).until(() -> client.stats().accepted() == 5);
        assertThat(client.stats().failed()).isZero();
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.RUNNING);
    }

    @Test
    void pausesOnAForbiddenKeyWithoutRetryingIt() {
        ingest.failNext(403, 1);
        PagentClient client = delivery.start(
                delivery.fastClient().refusalReprobe(Duration.ofMinutes(10)).shutdownTimeout(PAUSED_CLOSE));
        trackAll(client, TestEvents.events(0, 5));

        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);

        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("403"));
        assertThat(client.flush(Duration.ofMillis(300))).isFalse();
        assertThat(ingest.requests()).hasSize(1);
        assertThat(client.stats().failed()).isZero();
        assertThat(client.stats().pending()).isEqualTo(5);
    }

    @Test
    void pausesOnNotFoundNamingTheUrlAndResumesOnAReprobe() {
        ingest.failNext(404, 2);
        PagentClient client = delivery.start(delivery.fastClient().refusalReprobe(Duration.ofMillis(300)));
        trackAll(client, TestEvents.events(0, 5));

        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);
        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("404").contains(ingest.endpoint() + "/v1/conversions"));
        assertThat(client.stats().failed()).isZero();

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(404, 404, 200);
        assertThat(client.stats().accepted()).isEqualTo(5);
    }

    @Test
    void saysWhenTheKeySupplierThrowsInsteadOfBlamingTheKey() {
        AtomicInteger calls = new AtomicInteger();
        PagentClient client = delivery.start(
                delivery.fastClient().shutdownTimeout(PAUSED_CLOSE).apiKey(() -> {
                    if (calls.incrementAndGet() < 1_000_000) {
                        throw new IllegalArgumentException("vault sealed");
                    }
                    return "never";
                }));
        trackAll(client, TestEvents.events(0, 1));

        await().atMost(WAIT).until(() -> client.stats().problem().isPresent());

        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("apiKey supplier threw java.lang.IllegalArgumentException")
                        .doesNotContain("401"));
        assertThat(ingest.requests()).isEmpty();
        assertThat(client.stats().failed()).isZero();
    }

    @Test
    void statsAndToStringNeverWaitForASlowKeySupplier() throws Exception {
        CountDownLatch supplierEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> key = new AtomicReference<>("refused-key");
        PagentClient client = delivery.start(delivery.fastClient()
                .shutdownTimeout(PAUSED_CLOSE)
                .apiKey(() -> {
                    if (key.get().equals("slow")) {
                        supplierEntered.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return "refused-key";
                }));
        trackAll(client, TestEvents.events(0, 1));
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);

        key.set("slow"); // the paused client's next look at the key source hangs (a secrets lookup)
        assertThat(supplierEntered.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            long started = System.nanoTime();
            PagentStats stats = client.stats();
            String text = client.toString();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(stats.state()).isEqualTo(PagentStats.State.PAUSED_UNAUTHORIZED);
            assertThat(text).contains("PAUSED_UNAUTHORIZED");
        } finally {
            release.countDown();
        }
    }

    // ---------------------------------------------------------------- 400, 413, byte caps

    @Test
    void splitsABatchTooLargeForTheServer() {
        ingest.failNext(413, 1);
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        trackAll(client, TestEvents.events(0, 10));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests())
                .extracting(RecordedRequest::status, RecordedRequest::eventCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(413, 10),
                        org.assertj.core.groups.Tuple.tuple(200, 5),
                        org.assertj.core.groups.Tuple.tuple(200, 5));
        assertThat(client.stats().accepted()).isEqualTo(10);
    }

    @Test
    void failsALoneEventTheServerFindsTooLarge() {
        ingest.failNext(413, 1);
        PagentClient client = delivery.start(delivery.fastClient());
        trackAll(client, TestEvents.events(0, 1));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(client.stats().failed()).isEqualTo(1);
        assertThat(listener.causes)
                .singleElement()
                .satisfies(c -> assertThat(c.statusCode()).isEqualTo(413));
    }

    @Test
    void capsEachRequestBodyInBytes() {
        int cap = 64 * 1024;
        PagentClient client = delivery.start(
                delivery.fastClient().flushInterval(Duration.ofMinutes(1)).maxRequestBytes(cap));
        List<Conversion> big = IntStream.range(0, 100)
                .mapToObj(i -> Conversion.builder()
                        .sessionId("session-" + i)
                        .userId("user")
                        .conversionId(TestEvents.GOAL)
                        .properties(Map.of("blob", "x".repeat(6_000)))
                        .build())
                .toList();
        trackAll(client, big);

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(10);
        assertThat(requests)
                .allSatisfy(r -> assertThat(r.body().getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(cap));
        // Full requests: the next event would not have fitted.
        assertThat(requests.get(0).body().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(cap - 6_200);
        assertThat(ingest.events())
                .extracting(ReceivedEvent::sessionId)
                .doesNotHaveDuplicates()
                .hasSize(100);
        assertThat(client.stats().accepted()).isEqualTo(100);
    }

    @Test
    void boundsTheRequestsSpentIsolatingRejectedEvents() {
        ingest.rejectEvents(e -> true); // a visitor who can make every event bad
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        trackAll(client, TestEvents.events(0, 100));

        assertThat(client.flush(WAIT)).isTrue();

        // 1 + at most 4 * ceil(log2 100) = 29 requests, instead of 199 to reject each event alone.
        assertThat(ingest.requests()).hasSizeLessThanOrEqualTo(29);
        assertThat(client.stats().failed()).isEqualTo(100);
        assertThat(listener.failed).hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void backsOffWhenRejectionsRepeatBeyondASingleBadEvent() {
        ingest.rejectEvents(e -> true);
        PagentClient client = delivery.start(delivery.fastClient()
                .flushInterval(Duration.ofMinutes(1))
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(100)));
        trackAll(client, TestEvents.events(0, 100));

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        // The first 8 rejections are what one bad event costs; the 6 splits after them wait 100 ms each.
        assertThat(gap(requests.get(0), requests.get(requests.size() - 1)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    // ---------------------------------------------------------------- a transport that throws

    @Test
    void failsOnlyTheUnresolvedEventsWhenTheTransportThrows() {
        ingest.rejectEvents(e -> "poison".equals(e.label()));
        AtomicInteger requests = new AtomicInteger();
        OkHttpClient throwing = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    if (requests.incrementAndGet() == 3) {
                        throw new IllegalStateException("interceptor bug");
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        PagentClient client =
                delivery.start(delivery.fastClient().httpClient(throwing).flushInterval(Duration.ofMinutes(1)));
        // [0 1 poison 3] is refused; [0 1] is accepted; [poison 3] hits the throwing interceptor.
        trackAll(
                client,
                List.of(
                        TestEvents.event(0),
                        TestEvents.event(1),
                        TestEvents.labelled(2, "poison"),
                        TestEvents.event(3)));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(client.stats().accepted()).isEqualTo(2);
        assertThat(client.stats().failed()).isEqualTo(2);
        assertAllAccountedFor(client, 4);
        assertThat(listener.accepted).extracting(Conversion::sessionId).containsExactly("session-0", "session-1");
        assertThat(listener.failed).extracting(Conversion::sessionId).containsExactly("session-2", "session-3");
        assertThat(listener.causes)
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .hasMessageContaining("interceptor bug")
                        .hasCauseInstanceOf(IllegalStateException.class));
    }

    @Test
    void aProbeThatThrowsDoesNotLeaveTheCircuitStuck() {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger throwAt = new AtomicInteger(-1);
        OkHttpClient throwing = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    if (requests.incrementAndGet() == throwAt.get()) {
                        throw new IllegalStateException("interceptor bug");
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        ingest.failNext(503, 5);
        PagentClient client = delivery.start(delivery.fastClient()
                .httpClient(throwing)
                .maxInFlight(1)
                .maxAttempts(100)
                .initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(1)));
        trackAll(client, TestEvents.events(0, 1));
        // The circuit waits 500 ms before its first probe: time enough to arm the interceptor.
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> client.stats().state() == PagentStats.State.CIRCUIT_OPEN);
        throwAt.set(requests.get() + 1); // the half-open probe throws

        await().atMost(WAIT).until(() -> client.stats().failed() == 1);
        trackAll(client, TestEvents.events(1, 3));

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- queue bytes

    @Test
    void dropsEventsBeyondTheQueuesByteBudget() {
        PagentClient client = delivery.start(
                delivery.fastClient().flushInterval(Duration.ofMinutes(1)).queueCapacityBytes(64 * 1024));
        int queued = 0;
        for (int i = 0; i < 20; i++) {
            Conversion event = Conversion.builder()
                    .sessionId("session-" + i)
                    .userId("user")
                    .conversionId(TestEvents.GOAL)
                    .properties(Map.of("blob", "x".repeat(10_000)))
                    .build();
            if (client.track(event)) {
                queued++;
            }
        }

        assertThat(queued).isEqualTo(6); // 6 events of ~10 KiB fit in 64 KiB, the 7th does not
        assertThat(client.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(14);
        await().atMost(WAIT).until(() -> listener.dropped.size() == 14);
        assertThat(listener.dropReasons).containsOnly(DropReason.QUEUE_FULL);
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(6);
    }
}
