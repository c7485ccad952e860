package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When {@link BatchSender} sends each request of a batch, on a {@link VirtualClock} ({@link
 * VirtualSender}): every wait is exactly what the delivery policy asks for, however busy the machine.
 * The backoff after 429s doubles and starts over after any answer that went through; rejections
 * beyond a single bad event back off; refusals re-probe on a doubling schedule; server errors retry
 * within the jittered ceiling until the attempts are spent; an open circuit probes soon after opening
 * and only slowly less often, and at its first rate once the client closes.
 */
class BatchSenderScheduleTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();
    private final VirtualSender bench = new VirtualSender(ingest);

    @AfterEach
    void close() {
        bench.close();
    }

    // ---------------------------------------------------------------- 429

    @Test
    void rateLimitsInARowWaitADoublingBackoffWhichStartsOverAfterAnAcceptance() {
        bench.backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).start();
        ingest.rateLimitNext(3, "0");
        bench.send(0, 5);
        ingest.rateLimitNext(1, "0");
        bench.send(5, 5);

        assertThat(bench.statuses()).containsExactly(429, 429, 429, 200, 429, 200);
        assertThat(bench.gapsMillis()).containsExactly(200L, 400L, 800L, 0L, 200L);
        assertThat(bench.outcomes.counters.accepted).hasValue(10);
        assertThat(bench.outcomes.counters.failed).hasValue(0);
    }

    @Test
    void aRejectedRequestAlsoStartsTheRateLimitBackoffOver() {
        // 429, then 400 for the pair (pagent read it: the overload is over), then 429 for its first half.
        bench.backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).start();
        ingest.rateLimitNext(1, "0").failNext(400, 1).rateLimitNext(1, "0");

        bench.send(0, 2);

        assertThat(bench.statuses()).containsExactly(429, 400, 429, 200, 200);
        assertThat(bench.gapsMillis()).containsExactly(200L, 0L, 200L, 0L);
        assertThat(bench.outcomes.counters.accepted).hasValue(2);
    }

    // ---------------------------------------------------------------- 400, 413

    @Test
    void rejectionsBeyondWhatASingleBadEventExplainsBackOffDoublingUpToTheCap() {
        ingest.rejectEvents(e -> true);
        bench.backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).start();

        bench.send(0, 8);

        // 8 events: a single bad one costs 3 splits, 4 rejections; the 6th rejection waits 100 << 1,
        // the 9th 100 << 4, the 10th 100 << 5 capped at 2 s; then the budget of 12 requests is spent
        // and the last pair fails without a split.
        assertThat(ingest.requests()).hasSize(13);
        assertThat(bench.gapsMillis()).containsExactly(0L, 0L, 0L, 0L, 0L, 200L, 0L, 0L, 1_600L, 2_000L, 0L, 0L);
        assertThat(bench.outcomes.counters.failed).hasValue(8);
        assertThat(bench.outcomes.counters.accepted).hasValue(0);
    }

    @Test
    void theRejectionsASingleBadEventExplainsDoNotWaitEvenWhenTheyEndInASplit() {
        // Five events, bad ones first and last: the 4th rejection (what one bad event costs in a batch
        // of five) is of [2, 5), which splits at once; only the 5th waits. An odd backoff, so that any
        // shift past the start shows.
        ingest.rejectEvents(
                e -> e.sessionId().equals("session-0") || e.sessionId().equals("session-4"));
        bench.backoff(Duration.ofMillis(101), Duration.ofSeconds(2)).start();

        bench.send(0, 5);

        // [0,5) 400, [0,2) 400, [0,1) 400, [1,2) 200, [2,5) 400, [2,3) 200, [3,5) 400, [3,4) 200, [4,5) 400
        assertThat(bench.statuses()).containsExactly(400, 400, 400, 200, 400, 200, 400, 200, 400);
        assertThat(bench.gapsMillis()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 101L, 0L);
        assertThat(bench.outcomes.counters.failed).hasValue(2);
        assertThat(bench.outcomes.counters.accepted).hasValue(3);
    }

    // ---------------------------------------------------------------- 401, 403, 404

    @Test
    void aRefusedKeyIsReprobedOnADoublingScheduleWhichStartsOverAfterAnAcceptance() {
        bench.refusalReprobe(Duration.ofMillis(300)).start();
        ingest.failNext(401, 2);
        bench.send(0, 3);
        ingest.failNext(403, 1);
        bench.send(3, 3);

        assertThat(bench.statuses()).containsExactly(401, 401, 200, 403, 200);
        assertThat(bench.gapsMillis()).containsExactly(300L, 600L, 0L, 300L);
        assertThat(bench.outcomes.counters.accepted).hasValue(6);
        assertThat(bench.outcomes.counters.failed).hasValue(0);
    }

    @Test
    void aMissingEndpointIsReprobedOnADoublingSchedule() {
        bench.refusalReprobe(Duration.ofMillis(300)).start();
        ingest.failNext(404, 3);

        bench.send(0, 3);

        assertThat(bench.statuses()).containsExactly(404, 404, 404, 200);
        assertThat(bench.gapsMillis()).containsExactly(300L, 600L, 1_200L);
        assertThat(bench.outcomes.counters.accepted).hasValue(3);
    }

    // ---------------------------------------------------------------- 5xx and the circuit

    @Test
    void serverErrorsAreRetriedWithinTheDoublingJitteredCeiling() {
        bench.backoff(Duration.ofMillis(100), Duration.ofSeconds(10)).start();
        ingest.failNext(500, 4); // the fifth failure in a row would open the circuit

        bench.send(0, 2);

        assertThat(bench.statuses()).containsExactly(500, 500, 500, 500, 200);
        List<Long> gaps = bench.gapsMillis();
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("wait before retry %d", i + 1).isBetween(0L, 100L << i);
        }
        // Each wait is drawn from [0, ceiling]: all four zero has a chance below 1e-9.
        assertThat(gaps.stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(bench.outcomes.counters.retried).hasValue(8);
        assertThat(bench.outcomes.counters.accepted).hasValue(2);
    }

    @Test
    void aBatchFailsOnceItsAttemptsAreSpent() {
        bench.backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                .maxAttempts(3)
                .start();
        ingest.failNext(503, 3);

        bench.send(0, 2);

        assertThat(bench.statuses()).containsExactly(503, 503, 503);
        assertThat(bench.outcomes.counters.failed).hasValue(2);
        assertThat(bench.outcomes.counters.retried).hasValue(4);
        assertThat(bench.outcomes.problem()).contains("503");
    }

    @Test
    void anOpenCircuitProbesSoonAndWaitsLongerOnlyWhileProbesFail() {
        // Five 503s open the circuit; then eleven probes fail before one succeeds.
        bench.backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).start();
        ingest.failNext(503, 5 + 11);

        bench.send(0, 2);

        assertThat(bench.statuses()).hasSize(17).endsWith(200);
        assertThat(bench.outcomes.counters.failed).hasValue(0);
        assertThat(bench.outcomes.counters.accepted).hasValue(2);
        assertThat(bench.sender.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // The circuit's wait before each probe: half the first backoff, 1.1 times longer per failed
        // probe, at most the largest backoff; a sender looks every 50 ms whether it may probe.
        List<Long> probeGaps = bench.gapsMillis().subList(4, 16);
        for (int k = 0; k < probeGaps.size(); k++) {
            long wait = Math.min((long) (500 * Math.pow(1.1, k)), 1_000);
            assertThat(probeGaps.get(k))
                    .as("wait before probe %d", k + 1)
                    .isGreaterThan(wait)
                    .isLessThanOrEqualTo(wait + 50);
        }
    }

    @Test
    void aProbeAnsweredWithARejectionClosesTheCircuit() {
        // The probe's 400 is an answer: pagent is up. Its halves go at once, with the circuit closed.
        bench.backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).start();
        ingest.failNext(503, 5).failNext(400, 1);

        bench.send(0, 2);

        assertThat(bench.statuses()).containsExactly(503, 503, 503, 503, 503, 400, 200, 200);
        assertThat(bench.gapsMillis().subList(5, 7)).containsExactly(0L, 0L);
        assertThat(bench.sender.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(bench.outcomes.counters.accepted).hasValue(2);
    }

    @Test
    void whileTheClientClosesAnOpenCircuitIsProbedAtItsFirstRate() {
        // close() begins once the circuit's wait has grown past its first 500 ms (before the 9th request).
        bench.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .beforeEachRequest(() -> {
                    if (bench.sentAt.size() == 8) {
                        bench.gate.closing();
                    }
                })
                .start();
        ingest.failNext(503, 5 + 6 + 4);

        bench.send(0, 2);

        assertThat(bench.statuses()).hasSize(16).endsWith(200);
        assertThat(bench.outcomes.counters.accepted).hasValue(2);
        List<Long> gaps = bench.gapsMillis();
        // Before: waits of 500, 550, 605 and 665 ms, each probe at the first look after its wait;
        assertThat(gaps.subList(4, 8)).containsExactly(550L, 600L, 650L, 700L);
        // once close() began, the next probe is due at once (none was made for more than 500 ms),
        // and then one every 500 ms, whatever the circuit's own, longer wait.
        assertThat(gaps.get(8)).isZero();
        assertThat(gaps.subList(9, 15)).containsOnly(500L);
    }
}
