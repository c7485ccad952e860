package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentException;
import ai.pagent.PagentStats;
import ai.pagent.SendResult;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link Outcomes} tells the operator what the counts alone do not: a partial acceptance (the rest
 * is not resent) and a batch given up are logged at WARN, and an empty batch dropped at shutdown is
 * no outcome at all.
 */
class OutcomesTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(BatchDispatcher.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final Outcomes outcomes = new Outcomes(
            new DeliveryListener() {
                @Override
                public void onDropped(Conversion event, DropReason reason) {
                    heard.add(event.sessionId() + ":" + reason);
                }
            },
            new PagentThreads(),
            100);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
        outcomes.shutdownListener(System.nanoTime());
    }

    private List<String> warnings() {
        return logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private DeliverySnapshot stats() {
        return outcomes.counters.snapshot(0, 0, PagentStats.State.RUNNING, outcomes.problem());
    }

    @Test
    void aPartialAcceptanceCountsTheRestAsUnconfirmedAndSaysItIsNotResent() {
        outcomes.accepted(
                List.of(TestConversions.event(0), TestConversions.event(1), TestConversions.event(2)),
                new SendResult(3, 1));

        assertThat(stats().accepted()).isEqualTo(3);
        assertThat(stats().unconfirmed()).isEqualTo(2);
        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w).contains("accepted 1 of 3", "not resent"));
    }

    @Test
    void aFullAcceptanceIsNotLogged() {
        outcomes.accepted(List.of(TestConversions.event(0)), new SendResult(1, 1));

        assertThat(stats().unconfirmed()).isZero();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aBatchGivenUpIsLoggedWithItsCauseAndKeptAsTheProblem() {
        outcomes.failed(
                List.of(TestConversions.event(0), TestConversions.event(1)),
                new PagentException("pagent answered 422: bad revenue", 422));

        assertThat(stats().failed()).isEqualTo(2);
        assertThat(stats().problem()).isEqualTo("pagent answered 422: bad revenue");
        assertThat(warnings())
                .singleElement()
                .satisfies(w -> assertThat(w).contains("2 event(s)", "pagent answered 422: bad revenue"));
    }

    @Test
    void anEmptyBatchDroppedAtShutdownIsNoOutcome() {
        outcomes.dropped(List.of(), DropReason.SHUTDOWN);
        outcomes.dropped(List.of(TestConversions.event(1)), DropReason.SHUTDOWN);
        assertThat(outcomes.awaitHeard(System.nanoTime() + 3_000_000_000L)).isTrue();

        assertThat(stats().dropped()).containsEntry(DropReason.SHUTDOWN, 1L);
        assertThat(heard).containsExactly("session-1:SHUTDOWN");
    }
}
