package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.DropReason;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * What else {@link BatchSender} makes of each answer, on a {@link VirtualClock} ({@link
 * VirtualSender}): every answer is a sample of the {@link InFlightLimit} (an answer grows it under a
 * backlog, a server error cuts it, the first 429 of an overload halves it); each pause is explained
 * in a warning; and a sender abandoned by close() drops what it holds as {@link DropReason#SHUTDOWN},
 * wherever it waits.
 */
class BatchSenderSignalsTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();
    private final VirtualSender bench = new VirtualSender(ingest);

    @AfterEach
    void close() {
        bench.close();
    }

    // ---------------------------------------------------------------- the limit of requests in flight

    /** A limit from 1 to 8 under a lasting backlog, and its value before each request. */
    private final List<Integer> limitBeforeEachRequest = new CopyOnWriteArrayList<>();

    private void startSampling() {
        InFlightLimit limit = new InFlightLimit(1, 8, 1, () -> 100, bench.clock::nanoTime);
        bench.limit(limit).beforeEachRequest(() -> limitBeforeEachRequest.add(limit.current()));
        bench.backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).start();
    }

    @Test
    void acceptancesAndRejectionsAlikeGrowTheLimitUnderABacklog() {
        startSampling();
        ingest.failNext(400, 1);

        bench.send(0, 2); // 400 for the pair, then 200 for each half

        // 1, then 1 + 1/1 = 2 after the 400, 2.5 after the first 200.
        assertThat(limitBeforeEachRequest).containsExactly(1, 2, 2);
        bench.send(2, 1);
        assertThat(limitBeforeEachRequest).containsExactly(1, 2, 2, 2); // 2.9
        bench.send(3, 1);
        assertThat(limitBeforeEachRequest).containsExactly(1, 2, 2, 2, 3); // 3.24
    }

    @Test
    void aServerErrorCutsTheLimitByATenth() {
        startSampling();
        for (int i = 0; i < 4; i++) {
            bench.send(i, 1); // 1 -> 2 -> 2.5 -> 2.9 -> 3.24
        }
        ingest.failNext(500, 1);

        bench.send(4, 1);

        // 3.24 * 0.9 = 2.92 before the retry.
        assertThat(limitBeforeEachRequest).containsExactly(1, 2, 2, 2, 3, 2);
    }

    @Test
    void theFirstRateLimitOfAnOverloadHalvesTheLimit() {
        startSampling();
        for (int i = 0; i < 4; i++) {
            bench.send(i, 1);
        }
        ingest.rateLimitNext(1, "0");

        bench.send(4, 1);

        // Cut to what the server sustained: answers of the last second times their shortest round
        // trip (none: the clock stood still), so the floor.
        assertThat(limitBeforeEachRequest).containsExactly(1, 2, 2, 2, 3, 1);
    }

    // ---------------------------------------------------------------- warnings

    static Stream<Arguments> pauses() {
        return Stream.of(
                Arguments.of("401", (Consumer<FakeIngest>) i -> i.failNext(401, 1), "refused the API key (401)"),
                Arguments.of("403", (Consumer<FakeIngest>) i -> i.failNext(403, 1), "refused the API key (403)"),
                Arguments.of("404", (Consumer<FakeIngest>) i -> i.failNext(404, 1), "endpoint not found (404)"),
                Arguments.of("429", (Consumer<FakeIngest>) i -> i.rateLimitNext(1, "0"), "rate limiting (429)"),
                Arguments.of("500", (Consumer<FakeIngest>) i -> i.failNext(500, 1), "delivery failed, retrying"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pauses")
    void eachPauseIsExplainedInAWarning(String status, Consumer<FakeIngest> answer, String warning) {
        bench.refusalReprobe(Duration.ofMillis(300)).start();
        answer.accept(ingest);

        List<String> lines = warnings(() -> bench.send(0, 1));

        assertThat(lines).singleElement().asString().contains(warning);
        assertThat(bench.outcomes.counters.accepted).hasValue(1);
    }

    @Test
    void aKeySourceThatYieldsNothingIsExplainedInAWarning() {
        AtomicBoolean sealed = new AtomicBoolean(true);
        String key = ingest.apiKey();
        bench.apiKey(ApiKey.from(() -> {
                    if (sealed.getAndSet(false)) {
                        throw new IllegalStateException("vault sealed");
                    }
                    return key;
                }))
                .refusalReprobe(Duration.ofMillis(300))
                .start();

        List<String> lines = warnings(() -> bench.send(0, 1));

        assertThat(lines).singleElement().asString().contains("no usable API key");
        assertThat(bench.statuses()).containsExactly(200);
        assertThat(bench.outcomes.counters.accepted).hasValue(1);
    }

    @Test
    void anOutageIsExplainedInAWarningOnceTheCircuitOpens() {
        // One attempt per batch: the first four fail at once (no retry, no pause); the fifth 503 in a
        // row opens the circuit, which holds the fifth batch instead of failing it.
        bench.backoff(Duration.ofMillis(100), Duration.ofMillis(100))
                .maxAttempts(1)
                .start();
        ingest.failNext(503, 5);

        List<String> lines = warnings(() -> {
            for (int i = 0; i < 5; i++) {
                bench.send(i, 1);
            }
        });

        assertThat(lines).anySatisfy(l -> assertThat(l).contains("looks unavailable"));
        assertThat(bench.outcomes.counters.failed).hasValue(4);
        assertThat(bench.outcomes.counters.accepted).hasValue(1);
    }

    private static List<String> warnings(Runnable run) {
        Logger logger = (Logger) LoggerFactory.getLogger(BatchDispatcher.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            run.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    // ---------------------------------------------------------------- close()

    @Test
    void aSenderAbandonedWhileItsRequestFailedDropsTheBatchInsteadOfRetrying() {
        bench.beforeEachRequest(() -> bench.gate.abandon()).start();
        ingest.failNext(503, 1);

        bench.send(0, 3);

        assertThat(bench.statuses()).containsExactly(503);
        assertThat(bench.shutdownDrops()).isEqualTo(3);
        assertThat(bench.outcomes.counters.failed).hasValue(0);
    }

    @Test
    void aSenderAbandonedWhileTheCircuitIsOpenDropsTheBatch() {
        bench.backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).start();
        ingest.failNext(503, 100);
        // The circuit opens at the fifth 503; the sender then looks every 50 ms whether it may probe.
        bench.clock.beforeEachWait(() -> {
            if (bench.sentAt.size() == 5) {
                bench.gate.abandon();
            }
        });

        bench.send(0, 3);

        assertThat(bench.statuses()).hasSize(5);
        assertThat(bench.shutdownDrops()).isEqualTo(3);
        assertThat(bench.outcomes.counters.failed).hasValue(0);
    }

    @Test
    void aSenderAbandonedDuringARejectionBackoffDropsWhatHasNoOutcomeYet() {
        ingest.rejectEvents(e -> true);
        bench.backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).start();
        // The first wait is the 6th rejection's, of [2, 4), after [0, 1) and [1, 2) failed alone.
        bench.clock.beforeEachWait(bench.gate::abandon);

        bench.send(0, 8);

        assertThat(bench.statuses()).hasSize(6);
        assertThat(bench.outcomes.counters.failed).hasValue(2);
        assertThat(bench.shutdownDrops()).isEqualTo(6);
    }

    @Test
    void aSenderAbandonedWhileWaitingForASlotDropsTheBatch() {
        bench.start();
        assertThat(bench.gate.beginSend()).isTrue(); // a request under way fills the only slot
        bench.clock.beforeEachWait(bench.gate::abandon); // close() comes while the sender waits for it

        bench.send(0, 3);

        assertThat(ingest.requests()).isEmpty();
        assertThat(bench.shutdownDrops()).isEqualTo(3);
    }
}
