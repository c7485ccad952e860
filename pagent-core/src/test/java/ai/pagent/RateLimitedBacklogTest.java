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
    private static final int EVENTS = 400;
    private static final int PER_SECOND = 10;

    @Test
    void afterTheFirstOverloadNoTwo429sComeInARow() {
        try (FakeIngest ingest = FakeIngest.start()) {
            ingest.rateLimitAbove(PER_SECOND, Duration.ofSeconds(1));
            PagentClient client = PagentClient.builder()
                    .apiKey(ingest.apiKey())
                    .endpoint(ingest.endpoint())
                    .maxBatchSize(10) // 40 requests: four seconds of the ingest's rate
                    .queueCapacity(EVENTS)
                    .flushInterval(Duration.ofMillis(20))
                    .maxInFlight(1)
                    .maxInFlightLimit(8)
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

                List<Integer> statuses = ingest.requests().stream()
                        .sorted(Comparator.comparing(RecordedRequest::receivedAt))
                        .map(RecordedRequest::status)
                        .toList();
                int firstLimited = statuses.indexOf(429);
                assertThat(firstLimited)
                        .as("the ingest's rate was reached: %s", statuses)
                        .isPositive();
                int resumed = statuses.subList(firstLimited, statuses.size()).indexOf(200) + firstLimited;
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
