package ai.pagent.benchmarks.pagent;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.benchmarks.harness.OutageScenario;
import ai.pagent.benchmarks.harness.Workload;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import ai.pagent.test.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 8's outage scenario for pagent (see {@link OutageScenario}), into {@link FakeIngest} with its
 * {@code outage(503)} fault: the client as built with defaults, closed with {@code close()}.
 */
public final class Outage implements OutageScenario.Subject {
    private final String apiKey;
    private PagentClient client;

    private Outage(String apiKey) {
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        FakeIngest fake = FakeIngest.start();
        OutageScenario.run("pagent", "defaults", new Ingest(fake), new Outage(fake.apiKey()));
    }

    @Override
    public void open(URI endpoint) {
        client = PagentClient.builder().apiKey(apiKey).endpoint(endpoint).build();
    }

    @Override
    public void track(int i) {
        // Fresh ids, so that the ingest can tell each event (and its duplicates) apart.
        client.track(Conversion.builder()
                .sessionId(Workload.freshSessionId(i))
                .userId(Workload.freshUserId(i))
                .conversionId(Workload.GOAL_ID)
                .label(Workload.LABEL)
                .revenueCents(Workload.REVENUE_CENTS)
                .properties(Workload.properties(i))
                .build());
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public long dropped() {
        System.out.println("pagent: " + client.stats());
        return client.stats().dropped();
    }

    /** FakeIngest keeps every accepted event: distinct sessions are delivered events, the rest duplicates. */
    private static final class Ingest implements OutageScenario.Ingest {
        private final FakeIngest fake;
        private volatile Instant endedAt;

        Ingest(FakeIngest fake) {
            this.fake = fake;
        }

        @Override
        public URI endpoint() {
            return fake.endpoint();
        }

        @Override
        public void outage(int status) {
            fake.outage(status);
        }

        @Override
        public void endOutage() {
            endedAt = Instant.now();
            fake.endOutage();
        }

        @Override
        public long delivered() {
            Set<String> sessions = new HashSet<>();
            for (ReceivedEvent e : fake.events()) {
                sessions.add(e.sessionId() + "/" + e.userId());
            }
            return sessions.size();
        }

        @Override
        public long duplicates() {
            return fake.events().size() - delivered();
        }

        @Override
        public double recoveryMillis() {
            Instant ended = endedAt;
            if (ended == null) {
                return -1;
            }
            List<RecordedRequest> requests = fake.requests();
            return requests.stream()
                    .filter(r -> r.status() == 200 && !r.receivedAt().isBefore(ended))
                    .findFirst()
                    .map(r -> Duration.between(ended, r.receivedAt()).toNanos() / 1e6)
                    .orElse(-1.0);
        }

        @Override
        public void close() {
            fake.close();
        }
    }
}
