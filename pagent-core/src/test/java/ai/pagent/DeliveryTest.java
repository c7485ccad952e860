package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.assertAllAccountedFor;
import static ai.pagent.DeliveryFixture.countsBySession;
import static ai.pagent.DeliveryFixture.pagentThreads;
import static ai.pagent.DeliveryFixture.trackAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import ai.pagent.test.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PagentClient#track}: batching, retries, pauses, isolation of rejected events, shutdown and
 * exact accounting, against a real {@link FakeIngest} on loopback.
 */
class DeliveryTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final RecordingListener listener = delivery.listener;

    @Test
    void batches250EventsIntoRequestsOfAtMost100() {
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        trackAll(client, TestEvents.events(0, 250));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests()).extracting(RecordedRequest::eventCount).containsExactlyInAnyOrder(100, 100, 50);
        assertThat(countsBySession(ingest.events()))
                .hasSize(250)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertAllAccountedFor(client, 250);
        assertThat(client.stats().accepted()).isEqualTo(250);
        // Listeners hear outcomes on their own thread, shortly after flush() saw them counted.
        await().atMost(WAIT).until(() -> listener.accepted.size() == 250);
        assertThat(listener.accepted).extracting(Conversion::sessionId).doesNotHaveDuplicates();
    }

    @Test
    void sendsALoneEventOnceTheFlushIntervalHasPassed() {
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMillis(300)));
        long tracked = System.nanoTime();
        client.track(TestEvents.event(1));

        List<ReceivedEvent> events = ingest.awaitEvents(1, WAIT);

        assertThat(Duration.ofNanos(System.nanoTime() - tracked)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(events).extracting(ReceivedEvent::sessionId).containsExactly("session-1");
    }

    @Test
    void neverHasMoreThanMaxInFlightRequestsUnderWay() {
        AtomicInteger underWay = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        OkHttpClient counting = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    most.accumulateAndGet(underWay.incrementAndGet(), Math::max);
                    try {
                        return chain.proceed(chain.request());
                    } finally {
                        underWay.decrementAndGet();
                    }
                })
                .build();
        ingest.latency(Duration.ofMillis(50));
        PagentClient client = delivery.start(delivery.fastClient()
                .httpClient(counting)
                .maxInFlight(2)
                .maxInFlightLimit(2)
                .maxBatchSize(10));
        trackAll(client, TestEvents.events(0, 200));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests()).as("client %s", client.stats()).hasSize(20);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void retriesServerErrorsUntilAccepted() {
        ingest.failNext(503, 3);
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        trackAll(client, TestEvents.events(0, 10));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(503, 503, 503, 200);
        assertThat(countsBySession(ingest.events()))
                .hasSize(10)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(client.stats().retried()).isEqualTo(30);
        assertAllAccountedFor(client, 10);
        assertThat(client.stats().accepted()).isEqualTo(10);
    }

    @Test
    void failsABatchWhenRetriesAreUsedUp() {
        ingest.failNext(500, 2);
        PagentClient client = delivery.start(delivery.fastClient().maxAttempts(2));
        trackAll(client, TestEvents.events(0, 5));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(client.stats().failed()).isEqualTo(5);
        assertAllAccountedFor(client, 5);
        await().atMost(WAIT).until(() -> listener.failed.size() == 5);
        assertThat(listener.causes).allSatisfy(c -> assertThat(c).isInstanceOf(ServerErrorException.class));
    }

    @Test
    void honoursRetryAfterForTheWholeClientWithoutUsingAnAttempt() {
        ingest.rateLimitNext(1, Duration.ofSeconds(1));
        PagentClient client = delivery.start(
                delivery.fastClient().maxAttempts(1).maxInFlight(2).maxBatchSize(10));
        trackAll(client, TestEvents.events(0, 40));

        assertThat(client.flush(WAIT)).isTrue();

        List<RecordedRequest> requests = ingest.requests();
        RecordedRequest limited =
                requests.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        // Every request sent after the 429 was answered waited out the Retry-After, whichever sender sent it.
        List<RecordedRequest> later = requests.subList(requests.indexOf(limited) + 1, requests.size());
        assertThat(later)
                .filteredOn(r -> r.receivedAt().isAfter(limited.receivedAt().plusMillis(100)))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(Duration.between(limited.receivedAt(), r.receivedAt()))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(client.stats().accepted()).isEqualTo(40);
        assertAllAccountedFor(client, 40);
    }

    @Test
    void recoversFromDroppedConnections() {
        ingest.dropConnectionNext(2);
        PagentClient client = delivery.start(delivery.fastClient());
        trackAll(client, TestEvents.events(0, 30));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(ingest.requests()).filteredOn(RecordedRequest::dropped).hasSize(2);
        assertThat(countsBySession(ingest.events()))
                .hasSize(30)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertAllAccountedFor(client, 30);
    }

    @Test
    void resendsAfterAReadTimeoutAndDuplicatesOnlyWhatTheLostAnswerCarried() {
        ingest.latencyNext(1, Duration.ofMillis(1500));
        PagentClient client = delivery.start(
                delivery.fastClient().readTimeout(Duration.ofMillis(300)).maxBatchSize(10));
        trackAll(client, TestEvents.events(0, 10));
        assertThat(client.flush(WAIT)).isTrue();
        trackAll(client, TestEvents.events(10, 10));
        assertThat(client.flush(WAIT)).isTrue();

        // The slow request is recorded when the fake finally answers: wait for it.
        ingest.awaitEvents(30, WAIT);
        Map<String, Long> counts = countsBySession(ingest.events());
        assertThat(counts).hasSize(20);
        // The timed-out batch (events 0-9) arrived twice: the lost answer, then the retry. Nothing else repeats.
        assertThat(counts.entrySet())
                .allSatisfy(e -> assertThat(e.getValue())
                        .isEqualTo(Integer.parseInt(e.getKey().substring("session-".length())) < 10 ? 2L : 1L));
        assertThat(client.stats().retried()).isEqualTo(10);
        assertAllAccountedFor(client, 20);
    }

    @Test
    void waitsOutAnOutageWithoutLosingEvents() {
        // 40 failures at 5-50 ms backoffs stand in for a minute-long outage at production settings.
        ingest.failNext(503, 40);
        PagentClient client = delivery.start(delivery.fastClient().maxAttempts(6));
        List<PagentStats.State> states = new CopyOnWriteArrayList<>();
        List<String> warnings;
        try (LogCapture logs = new LogCapture()) {
            trackAll(client, TestEvents.events(0, 100));
            await().atMost(WAIT).until(() -> {
                states.add(client.stats().state());
                return client.stats().accepted() == 100;
            });
            warnings = logs.lines().stream().filter(l -> l.startsWith("WARN")).collect(Collectors.toList());
        }

        // 40 failures, but the log says so in a line or two per kind, not 40 times.
        assertThat(warnings).isNotEmpty().hasSizeLessThanOrEqualTo(4);

        assertThat(states).contains(PagentStats.State.CIRCUIT_OPEN);
        assertThat(client.stats().failed()).isZero();
        assertThat(countsBySession(ingest.events())).hasSize(100);
        assertThat(ingest.requests()).filteredOn(r -> r.status() == 503).hasSize(40);
        assertAllAccountedFor(client, 100);
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.RUNNING);
    }

    @Test
    void pausesOnARefusedKeyAndResumesWhenTheKeyChanges() {
        String oldKey = ingest.apiKey();
        AtomicReference<String> key = new AtomicReference<>(oldKey);
        ingest.rotateKey("rotated-key");
        PagentClient client = delivery.start(delivery.fastClient().apiKey(key::get));
        trackAll(client, TestEvents.events(0, 20));

        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.PAUSED_UNAUTHORIZED);
        assertThat(client.stats().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("401"));
        assertThat(client.stats().pending()).isEqualTo(20);
        assertThat(client.stats().failed()).isZero();

        key.set("rotated-key");

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(20);
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.RUNNING);
        assertAllAccountedFor(client, 20);
    }

    @Test
    void isolatesAPoisonEventInABatchOf100() {
        ingest.rejectEvents(e -> "poison".equals(e.label()));
        PagentClient client = delivery.start(delivery.fastClient().flushInterval(Duration.ofMinutes(1)));
        List<Conversion> batch = new ArrayList<>(TestEvents.events(0, 100));
        Conversion poison = TestEvents.labelled(37, "poison");
        batch.set(37, poison);
        trackAll(client, batch);

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(client.stats().accepted()).isEqualTo(99);
        assertThat(client.stats().failed()).isEqualTo(1);
        assertThat(ingest.events()).hasSize(99).noneMatch(e -> "poison".equals(e.label()));
        await().atMost(WAIT).until(() -> listener.failed.size() == 1);
        assertThat(listener.failed).containsExactly(poison);
        assertThat(listener.causes.get(0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("events[");
        assertAllAccountedFor(client, 100);
    }

    @Test
    void dropsAndCountsEventsBeyondTheQueueCapacity() {
        PagentClient client =
                delivery.start(delivery.fastClient().queueCapacity(5).flushInterval(Duration.ofMinutes(1)));
        int queued = 0;
        for (Conversion e : TestEvents.events(0, 20)) {
            if (client.track(e)) {
                queued++;
            }
        }

        assertThat(queued).isEqualTo(5);
        assertThat(client.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(15);
        await().atMost(WAIT).until(() -> listener.dropped.size() == 15);
        assertThat(listener.dropReasons).containsOnly(DropReason.QUEUE_FULL);
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(ingest.events())
                .extracting(ReceivedEvent::sessionId)
                .containsExactly("session-0", "session-1", "session-2", "session-3", "session-4");
        assertAllAccountedFor(client, 20);
    }

    @Test
    void closeDeliversWhatIsQueuedAndEndsEveryThread() {
        PagentClient client =
                delivery.fastClient().flushInterval(Duration.ofMinutes(1)).build();
        trackAll(client, TestEvents.events(0, 1000));

        client.close();

        assertThat(countsBySession(ingest.events())).hasSize(1000);
        assertAllAccountedFor(client, 1000);
        assertThat(client.stats().state()).isEqualTo(PagentStats.State.CLOSED);
        assertThat(pagentThreads()).isEmpty();
    }

    @Test
    void closeDropsWhatItCannotDeliverWithinTheShutdownTimeout() {
        PagentClient client =
                delivery.fastClient().shutdownTimeout(Duration.ofMillis(300)).build();
        ingest.rotateKey("another-key"); // the client's key is refused: nothing can be delivered
        trackAll(client, TestEvents.events(0, 50));

        client.close();

        assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(50);
        assertAllAccountedFor(client, 50);
        await().atMost(WAIT).until(() -> listener.dropped.size() == 50);
        assertThat(listener.dropReasons).containsOnly(DropReason.SHUTDOWN);
        assertThat(pagentThreads()).isEmpty();
    }

    @Test
    void dropsEventsTrackedAfterClose() {
        PagentClient client = delivery.fastClient().build();
        client.close();

        assertThat(client.track(TestEvents.event(1))).isFalse();

        assertThat(client.stats().dropped(DropReason.CLOSED)).isEqualTo(1);
        assertAllAccountedFor(client, 1);
        client.close(); // idempotent
    }

    @Test
    void keepsDeliveringWhenTheListenerThrows() {
        AtomicInteger calls = new AtomicInteger();
        PagentClient client =
                delivery.start(delivery.fastClient().maxBatchSize(5).listener(new DeliveryListener() {
                    @Override
                    public void onAccepted(List<Conversion> events) {
                        calls.incrementAndGet();
                        throw new IllegalStateException("listener bug");
                    }
                }));
        trackAll(client, TestEvents.events(0, 20));

        assertThat(client.flush(WAIT)).isTrue();

        assertThat(client.stats().accepted()).isEqualTo(20);
        await().atMost(WAIT).until(() -> calls.get() == 4);
    }

    @Test
    void callsTheListenerOffTheTrackingThread() {
        PagentClient client =
                delivery.start(delivery.fastClient().queueCapacity(1).flushInterval(Duration.ofMinutes(1)));
        client.track(TestEvents.event(0));
        client.track(TestEvents.event(1)); // dropped: queue full

        await().atMost(WAIT).until(() -> listener.dropped.size() == 1);
        assertThat(listener.threads).allSatisfy(name -> assertThat(name).startsWith("pagent-"));
    }

    @Test
    void keepsExactAccountsWhileManyThreadsTrackFlushAndClose() throws Exception {
        // close() must drain within its timeout for the "no thread outlives close()" check below to be
        // about close() rather than about a saturated machine (10 s ran out at load average 37).
        PagentClient client = delivery.fastClient()
                .maxBatchSize(50)
                .queueCapacity(2_000)
                .shutdownTimeout(Duration.ofSeconds(30))
                .build();
        int producers = 4;
        int perProducer = 5_000;
        int third = perProducer / 3;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch firstThirdDone = new CountDownLatch(producers);
        CountDownLatch secondThirdDone = new CountDownLatch(producers);
        CountDownLatch closing = new CountDownLatch(1);
        AtomicInteger queued = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            List<Conversion> mine = TestEvents.events(p * perProducer, perProducer);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < mine.size(); i++) {
                        if (i == third) {
                            firstThirdDone.countDown(); // flush() runs while the second third is tracked
                        } else if (i == 2 * third) {
                            secondThirdDone.countDown();
                            closing.await(); // close() runs while the last third is tracked
                        }
                        if (client.track(mine.get(i))) {
                            queued.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger observations = new AtomicInteger();
        Thread observer = new Thread(() -> {
            PagentStats s;
            do {
                s = client.stats();
                observations.incrementAndGet();
                if (s.pending() < 0
                        || s.accepted() + s.failed() + s.dropped() + s.pending() != s.queued()
                        || s.queued() > (long) producers * perProducer) {
                    violations.add(s.toString());
                }
            } while (s.state() != PagentStats.State.CLOSED);
        });
        observer.start();
        go.countDown();

        firstThirdDone.await();
        boolean flushed = client.flush(WAIT);
        secondThirdDone.await();
        closing.countDown();
        client.close();
        for (Thread t : threads) {
            t.join();
        }
        observer.join();

        assertThat(flushed).isTrue();
        assertThat(observations.get()).isPositive();
        assertThat(violations).isEmpty();
        assertAllAccountedFor(client, (long) producers * perProducer);
        PagentStats s = client.stats();
        assertThat(s.failed()).isZero();
        assertThat(s.dropped(DropReason.CLOSED)).isPositive();
        assertThat(s.accepted() + s.dropped(DropReason.SHUTDOWN)).isEqualTo(queued.get());
        Map<String, Long> counts = countsBySession(ingest.events());
        assertThat(counts)
                .hasSize((int) s.accepted())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(pagentThreads()).isEmpty();
    }
}
