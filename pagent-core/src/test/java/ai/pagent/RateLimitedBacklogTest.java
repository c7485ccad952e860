package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import ai.pagent.test.RecordedRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a backlog drains into an ingest that rate-limits ({@link FakeIngest#rateLimitAbove})
 * without running into 429 after 429. "In a row" is the ingest's view: consecutive 429 answers in
 * the order the requests arrived. The first overload is unavoidable: every request the client sent
 * before the first 429 reached it (one round trip of them) meets the full window. What the client
 * controls is everything after: it keeps under the rate it has seen admitted (Little's law) and,
 * after each pause, sends one request before the rest, so each later overload costs one 429.
 */
class RateLimitedBacklogTest {
    private static final int EVENTS = 800;
    private static final int PER_SECOND = 20;
    /** Most of the 1 s pause after a 429: no other gap between two arrivals comes near it. */
    private static final Duration PAUSE_GAP = Duration.ofMillis(800);

    @Test
    void afterTheFirstOverloadNoTwo429sComeInARow() {
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.rateLimitAbove(PER_SECOND, Duration.ofSeconds(1));
            // A round trip long enough that requests sent before a 429 comes back arrive while the
            // window is full (the burst the client cannot avoid), and short enough that one request
            // at a time (about 30 a second) still runs into the rate.
            ingest.latency(Duration.ofMillis(30));
            PagentClient client = PagentClient.builder()
                    .apiKey(ingest.apiKey())
                    .endpoint(ingest.endpoint())
                    .maxBatchSize(10) // 80 requests: four seconds of the ingest's rate
                    .queueCapacity(EVENTS)
                    .flushInterval(Duration.ofMillis(20))
                    .maxInFlight(1)
                    .maxInFlightLimit(16)
                    .initialBackoff(Duration.ofMillis(5))
                    .maxBackoff(Duration.ofMillis(50))
                    .build();
            try {
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(client.track(TestEvents.event(i))).isTrue();
                }
                assertThat(client.flush(Duration.ofSeconds(60))).isTrue();

                Map<String, Long> bySession = ingest.events().stream()
                        .collect(Collectors.groupingBy(ReceivedEvent::sessionId, Collectors.counting()));
                assertThat(bySession)
                        .hasSize(EVENTS)
                        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
                assertThat(client.stats().failed() + client.stats().dropped()).isZero();

                List<RecordedRequest> arrived = ingest.requests().stream()
                        .sorted(Comparator.comparing(RecordedRequest::receivedAt))
                        .toList();
                List<Integer> statuses =
                        arrived.stream().map(RecordedRequest::status).toList();
                int firstLimited = statuses.indexOf(429);
                assertThat(firstLimited)
                        .as("the ingest's rate was reached: %s", statuses)
                        .isPositive();
                // The first overload ends with the first pause (Retry-After: 1), a gap in the arrivals;
                // not at the first 200 after the first 429: requests under way at once may arrive in
                // one order and meet the rate bound in the other.
                int resumed = firstLimited + 1;
                while (resumed < arrived.size() && gap(arrived, resumed).compareTo(PAUSE_GAP) < 0) {
                    resumed++;
                }
                List<Integer> afterFirstOverload = statuses.subList(resumed, statuses.size());

                assertThat(afterFirstOverload)
                        .as("later overloads happened (the rate was reached again): %s", statuses)
                        .contains(429);
                assertThat(longestRun(afterFirstOverload, 429))
                        .as("429s in a row after the first overload, in arrival order: %s", statuses)
                        .isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }

    private static Duration gap(List<RecordedRequest> arrived, int i) {
        return Duration.between(arrived.get(i - 1).receivedAt(), arrived.get(i).receivedAt());
    }

    private static int longestRun(List<Integer> statuses, int status) {
        int longest = 0;
        int run = 0;
        for (int s : statuses) {
            run = s == status ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
