package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PagentStats}: the derived counts, every drop reason present, and a toString that shows them all. */
class PagentStatsTest {
    private static PagentStats stats(Map<DropReason, Long> dropped, String problem) {
        return new PagentStats(100, 60, 7, dropped, 11, 3, 9, 5, PagentStats.State.RATE_LIMITED, problem);
    }

    @Test
    void pendingIsWhatIsNeitherAcceptedFailedNorDropped() {
        PagentStats s = stats(Map.of(DropReason.QUEUE_FULL, 4L, DropReason.SHUTDOWN, 2L), null);

        assertThat(s.queued()).isEqualTo(100);
        assertThat(s.accepted()).isEqualTo(60);
        assertThat(s.failed()).isEqualTo(7);
        assertThat(s.dropped()).isEqualTo(6);
        assertThat(s.pending()).isEqualTo(100 - 60 - 7 - 6);
        assertThat(s.retried()).isEqualTo(11);
        assertThat(s.unconfirmed()).isEqualTo(3);
        assertThat(s.queueSize()).isEqualTo(9);
        assertThat(s.inFlight()).isEqualTo(5);
        assertThat(s.state()).isEqualTo(PagentStats.State.RATE_LIMITED);
    }

    @Test
    void countsEveryDropReasonIncludingThoseThatNeverHappened() {
        PagentStats s = stats(Map.of(DropReason.CLOSED, 1L), null);

        assertThat(s.droppedByReason()).containsOnlyKeys(DropReason.values());
        assertThat(s.dropped(DropReason.CLOSED)).isEqualTo(1);
        assertThat(s.dropped(DropReason.QUEUE_FULL)).isZero();
        assertThat(s.dropped()).isEqualTo(1);
        assertThatThrownBy(() -> s.droppedByReason().put(DropReason.SHUTDOWN, 5L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.dropped(DropReason.SHUTDOWN)).isZero();
    }

    @Test
    void doesNotChangeWhenTheMapItWasMadeFromChanges() {
        EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        dropped.put(DropReason.QUEUE_FULL, 2L);
        PagentStats s = stats(dropped, null);

        dropped.put(DropReason.QUEUE_FULL, 50L);

        assertThat(s.dropped(DropReason.QUEUE_FULL)).isEqualTo(2);
    }

    @Test
    void saysTheProblemOnlyWhenThereIsOne() {
        assertThat(stats(Map.of(), null).problem()).isEmpty();
        assertThat(stats(Map.of(), "pagent answered 429").problem()).contains("pagent answered 429");
    }

    @Test
    void showsEveryCountInToString() {
        PagentStats s = stats(Map.of(DropReason.QUEUE_FULL, 4L), "pagent answered 429");

        assertThat(s.toString())
                .startsWith("PagentStats{state=RATE_LIMITED")
                .contains(
                        "queued=100",
                        "accepted=60",
                        "failed=7",
                        "QUEUE_FULL=4",
                        "retried=11",
                        "unconfirmed=3",
                        "pending=29",
                        "queueSize=9",
                        "inFlight=5",
                        ", problem=pagent answered 429}");
        assertThat(stats(Map.of(), null).toString()).doesNotContain("problem").endsWith("inFlight=5}");
    }
}
