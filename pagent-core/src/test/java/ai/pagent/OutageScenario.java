package ai.pagent;

import ai.pagent.test.FakeIngest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outage scenario of issue 8, with default client settings: 20 000 events paced over 10 s, the
 * ingest answering 503 from second 2 to second 7, then {@code close()}. Counts outcomes through a
 * listener and prints them with the delay from the ingest's recovery to the first accepted batch.
 *
 * <p>Run: {@code java -cp <pagent-core test classpath> ai.pagent.OutageScenario}. Only public API,
 * so the same file measures any version of the client.
 */
public final class OutageScenario {
    private OutageScenario() {}

    public static void main(String[] args) throws Exception {
        int total = 20_000;
        long runNanos = TimeUnit.SECONDS.toNanos(10);
        long outageFrom = TimeUnit.SECONDS.toNanos(2);
        long outageTo = TimeUnit.SECONDS.toNanos(7);
        List<Conversion> events = TestEvents.events(0, total);
        try (FakeIngest ingest = FakeIngest.start()) {
            AtomicLong accepted = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Map<DropReason, AtomicLong> dropped = new ConcurrentHashMap<>();
            AtomicLong firstAcceptAfterRecovery = new AtomicLong(-1);
            long[] recoveredAt = {Long.MAX_VALUE};
            PagentClient client = PagentClient.builder()
                    .apiKey(ingest.apiKey())
                    .endpoint(ingest.endpoint())
                    .queueCapacity(Integer.getInteger("queueCapacity", 10_000))
                    .listener(new DeliveryListener() {
                        @Override
                        public void onAccepted(List<Conversion> batch) {
                            accepted.addAndGet(batch.size());
                            long now = System.nanoTime();
                            if (now - recoveredAt[0] > 0) {
                                firstAcceptAfterRecovery.compareAndSet(-1, now - recoveredAt[0]);
                            }
                        }

                        @Override
                        public void onFailed(List<Conversion> batch, PagentException cause) {
                            failed.addAndGet(batch.size());
                        }

                        @Override
                        public void onDropped(Conversion event, DropReason reason) {
                            dropped.computeIfAbsent(reason, r -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    })
                    .build();
            // Warm up (class loading, JIT, the first connection), as a long-running app would be.
            List<Conversion> warmUp = TestEvents.events(total, 500);
            for (int round = 0; round < 5; round++) {
                warmUp.forEach(client::track);
                client.flush(java.time.Duration.ofSeconds(30));
            }
            long warmed = accepted.get();
            long start = System.nanoTime();
            boolean trace = args.length > 0 && args[0].equals("--trace");
            Thread tracer = new Thread(() -> {
                while (trace && !client.stats().state().equals(PagentStats.State.CLOSED)) {
                    PagentStats s = client.stats(); // includes the 2 500 warm-up events
                    System.out.printf(
                            "%5d ms %-13s queue=%5d inFlight=%4d accepted=%6d dropped=%5d%n",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                            s.state(),
                            s.queueSize(),
                            s.inFlight(),
                            s.accepted(),
                            s.dropped());
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            tracer.setDaemon(true);
            tracer.start();
            boolean down = false;
            boolean recovered = false;
            for (int i = 0; i < total; i++) {
                long due = start + runNanos * i / total;
                long now;
                while ((now = System.nanoTime()) < due) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(due - now, 1_000_000));
                }
                if (!down && now - start >= outageFrom) {
                    ingest.failNext(503, 500_000);
                    down = true;
                } else if (down && !recovered && now - start >= outageTo) {
                    ingest.reset();
                    recoveredAt[0] = System.nanoTime();
                    recovered = true;
                }
                client.track(events.get(i));
            }
            long closing = System.nanoTime();
            client.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            PagentStats s = client.stats(); // includes the 2 500 warm-up events
            long resumeMillis = firstAcceptAfterRecovery.get() < 0
                    ? -1
                    : TimeUnit.NANOSECONDS.toMillis(firstAcceptAfterRecovery.get());
            System.out.printf(
                    "outage scenario: tracked=%d accepted=%d failed=%d dropped=%s lost=%d"
                            + " resumedAfterRecoveryMs=%d closeMs=%d stats=%s%n",
                    total,
                    accepted.get() - warmed,
                    failed.get(),
                    dropped,
                    total - (accepted.get() - warmed),
                    resumeMillis,
                    closeMillis,
                    s);
        }
    }
}
