package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static ai.pagent.DeliveryFixture.pagentThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link DeliveryListener} promise: every tracked event reaches exactly one method, none is
 * skipped (after close() too), a slow listener slows senders and never callers, close() and flush()
 * wait for the listener; and the accounting checked by counting independently of {@code stats()}.
 */
class ListenerPromiseTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseListeners() {
        release.countDown(); // before the fixture closes the clients
    }

    private PagentClient.Builder fastClient(DeliveryListener listener) {
        return delivery.fastClient().listener(listener);
    }

    /** Blocks in onAccepted until {@link #release}; records what it heard. */
    private final class BlockingListener extends RecordingListener {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void onAccepted(List<Conversion> events) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.onAccepted(events);
        }
    }

    @Test
    void aSlowListenerHoldsBackSendersButNeverACaller() throws Exception {
        BlockingListener listener = new BlockingListener();
        PagentClient client = delivery.start(fastClient(listener)
                .flushInterval(Duration.ofMinutes(1)) // only full batches of 5
                .maxBatchSize(5)
                .maxInFlight(2)
                .maxInFlightLimit(2) // exactly two senders, so the counts below are exact
                .listenerCapacity(10)
                .queueCapacity(1_000));
        for (Conversion e : TestEvents.events(0, 100)) {
            assertThat(client.track(e)).isTrue();
        }
        assertThat(listener.entered.await(30, TimeUnit.SECONDS)).isTrue();
        // The listener holds batch 1; batch 2 fills the room of 10 events; the two senders wait with
        // batches 3 and 4. Nothing more is sent while the listener is stuck.
        await().atMost(WAIT).until(() -> ingest.events().size() == 20);

        long started = System.nanoTime();
        for (Conversion e : TestEvents.events(100, 500)) {
            assertThat(client.track(e)).isTrue(); // callers go on, never waiting for the listener
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(client.flush(Duration.ofMillis(300))).isFalse();
        assertThat(ingest.events()).hasSize(20);
        assertThat(client.stats().queueSize()).isGreaterThanOrEqualTo(500);

        release.countDown();

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(listener.accepted).hasSize(600).doesNotHaveDuplicates();
    }

    @Test
    void tellsTheCallerAboutATrackAfterCloseOnItsOwnThread() {
        RecordingListener listener = new RecordingListener();
        PagentClient client = fastClient(listener).build();
        client.close();

        assertThat(client.track(TestEvents.event(7))).isFalse();

        // At once, on this thread: no executor to skip it.
        assertThat(listener.dropped).extracting(Conversion::sessionId).containsExactly("session-7");
        assertThat(listener.dropReasons).containsExactly(DropReason.CLOSED);
        assertThat(listener.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aListenerThatThrowsOnTheCallersThreadDoesNotReachTheCaller() {
        PagentClient client = fastClient(new DeliveryListener() {
                    @Override
                    public void onDropped(Conversion event, DropReason reason) {
                        throw new IllegalStateException("listener bug");
                    }
                })
                .build();
        client.close();

        assertThat(client.track(TestEvents.event(1))).isFalse();
        assertThat(client.stats().dropped(DropReason.CLOSED)).isEqualTo(1);
    }

    @Test
    void closeLetsASlowListenerHearEveryOutcomeWithinTheShutdownTimeout() {
        AtomicInteger heard = new AtomicInteger();
        PagentClient client = fastClient(new DeliveryListener() {
                    @Override
                    public void onAccepted(List<Conversion> events) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40)); // a slow database write
                        heard.addAndGet(events.size());
                    }
                })
                .maxBatchSize(5)
                .flushInterval(Duration.ofMinutes(1))
                .shutdownTimeout(Duration.ofSeconds(25))
                .build();
        for (Conversion e : TestEvents.events(0, 500)) {
            client.track(e);
        }

        client.close(); // 100 notifications of 40 ms: 4 s, more than the 2 s the listener once got

        assertThat(heard.get()).isEqualTo(500);
        assertThat(client.stats().accepted()).isEqualTo(500);
    }

    @Test
    void flushIsTrueOnlyOnceTheListenerHeardEveryCoveredEvent() {
        BlockingListener listener = new BlockingListener();
        PagentClient client = delivery.start(fastClient(listener));
        for (Conversion e : TestEvents.events(0, 10)) {
            client.track(e);
        }

        assertThat(client.flush(Duration.ofMillis(500))).isFalse(); // delivered, but not yet heard
        assertThat(client.stats().accepted()).isEqualTo(10);

        release.countDown();

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(listener.accepted).hasSize(10); // no waiting: flush() said so
    }

    @Test
    void everyCloseReturnsOnlyOnceTheClientIsClosed() throws Exception {
        BlockingListener listener = new BlockingListener();
        PagentClient client =
                fastClient(listener).shutdownTimeout(Duration.ofSeconds(30)).build();
        client.track(TestEvents.event(0));
        assertThat(listener.entered.await(30, TimeUnit.SECONDS)).isTrue();

        Thread first = new Thread(client::close);
        first.start();
        await().atMost(WAIT).until(() -> client.stats().state() == PagentStats.State.CLOSED);
        Thread second = new Thread(client::close);
        second.start();
        await().atMost(WAIT).until(() -> second.getState() == Thread.State.WAITING);

        assertThat(first.isAlive()).isTrue();
        assertThat(second.isAlive()).isTrue();

        release.countDown();
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(second.isAlive()).isFalse();
        assertThat(pagentThreads()).isEmpty(); // the second close() returned after the first finished
        first.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(listener.accepted).hasSize(1);
    }

    @Test
    void closeTakesAboutTheShutdownTimeoutEvenWithAStuckListener() {
        BlockingListener listener = new BlockingListener();
        PagentClient client =
                fastClient(listener).shutdownTimeout(Duration.ofMillis(500)).build();
        for (Conversion e : TestEvents.events(0, 50)) {
            client.track(e);
        }
        try {
            await().atMost(WAIT).until(() -> listener.entered.getCount() == 0);
            long started = System.nanoTime();

            client.close();

            // 500 ms of shutdown timeout, at most a second of grace: not the 8 s of fixed waits of old.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3_000));
            assertThat(client.stats().state()).isEqualTo(PagentStats.State.CLOSED);
        } finally {
            release.countDown();
        }
    }

    /**
     * Accounting counted twice, independently of {@code stats()}: every tracked event reaches the
     * listener exactly once, what the listener heard as accepted is exactly what the ingest recorded,
     * and what it heard as failed is exactly the poison.
     */
    @Test
    void everyTrackedEventEndsExactlyOnceAsTheListenerAndTheIngestSeeIt() throws Exception {
        Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
        DeliveryListener tally = new DeliveryListener() {
            @Override
            public void onAccepted(List<Conversion> events) {
                events.forEach(e -> record(e, "accepted"));
            }

            @Override
            public void onFailed(List<Conversion> events, PagentException cause) {
                events.forEach(e -> record(e, "failed"));
            }

            @Override
            public void onDropped(Conversion event, DropReason reason) {
                record(event, "dropped " + reason);
            }

            private void record(Conversion e, String outcome) {
                outcomes.computeIfAbsent(e.sessionId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(outcome);
            }
        };
        ingest.rejectEvents(e -> "poison".equals(e.label()));
        ingest.failNext(503, 3);
        PagentClient client = fastClient(tally)
                .queueCapacity(300)
                .maxBatchSize(20)
                .shutdownTimeout(Duration.ofSeconds(20))
                .build();
        int producers = 3;
        int perProducer = 2_000;
        CountDownLatch halfway = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> {
                for (int i = base; i < base + perProducer; i++) {
                    if (i == base + perProducer / 2) {
                        halfway.countDown();
                    }
                    client.track(i % 97 == 0 ? TestEvents.labelled(i, "poison") : TestEvents.event(i));
                }
            });
            t.start();
            threads.add(t);
        }
        halfway.await();
        client.close(); // the second half races the close: some are dropped as CLOSED or SHUTDOWN
        for (Thread t : threads) {
            t.join();
        }

        int tracked = producers * perProducer;
        assertThat(outcomes).hasSize(tracked);
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o).hasSize(1));
        Map<String, Long> heard = outcomes.values().stream()
                .map(o -> o.get(0).startsWith("dropped") ? "dropped" : o.get(0))
                .collect(Collectors.groupingBy(o -> o, HashMap::new, Collectors.counting()));
        List<String> acceptedIds = outcomes.entrySet().stream()
                .filter(e -> e.getValue().get(0).equals("accepted"))
                .map(Map.Entry::getKey)
                .toList();
        List<ReceivedEvent> recorded = ingest.events();
        assertThat(recorded).extracting(ReceivedEvent::sessionId).doesNotHaveDuplicates();
        assertThat(recorded).extracting(ReceivedEvent::sessionId).containsExactlyInAnyOrderElementsOf(acceptedIds);
        assertThat(outcomes.entrySet())
                .filteredOn(e -> e.getValue().get(0).equals("failed"))
                .allSatisfy(e -> assertThat(Integer.parseInt(e.getKey().substring("session-".length())) % 97)
                        .isZero());
        assertThat(heard.getOrDefault("accepted", 0L)).isPositive();
        assertThat(heard.getOrDefault("failed", 0L)).isPositive();
        // And stats() agrees with both.
        PagentStats s = client.stats();
        assertThat(s.queued()).isEqualTo(tracked);
        assertThat(s.accepted()).isEqualTo(heard.getOrDefault("accepted", 0L));
        assertThat(s.failed()).isEqualTo(heard.getOrDefault("failed", 0L));
        assertThat(s.dropped()).isEqualTo(heard.getOrDefault("dropped", 0L));
        assertThat(s.pending()).isZero();
    }
}
