package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.DropReason;
import ai.pagent.PagentStats;
import org.junit.jupiter.api.Test;

/** A snapshot shows each event in one place, also when it got its outcome while the gauges were read. */
class DeliveryCountersTest {
    @Test
    void anEventAcceptedAfterTheGaugesWereReadIsNotAlsoInFlight() {
        DeliveryCounters counters = new DeliveryCounters();
        counters.queued.add(100);
        counters.accepted.addAndGet(100); // the batch was accepted after inFlight() read 100

        DeliverySnapshot s = counters.snapshot(0, 100, PagentStats.State.RUNNING, null);

        assertThat(s.inFlight()).isZero();
        assertThat(s.queueSize()).isZero();
    }

    @Test
    void queuedAndInFlightNeverAddUpToMoreThanPending() {
        DeliveryCounters counters = new DeliveryCounters();
        counters.queued.add(50);
        counters.accepted.addAndGet(20);
        counters.dropped(DropReason.QUEUE_FULL, 10); // 20 pending

        DeliverySnapshot s = counters.snapshot(15, 12, PagentStats.State.RUNNING, null);

        assertThat(s.inFlight()).isEqualTo(12);
        assertThat(s.queueSize()).isEqualTo(8);
        DeliverySnapshot exact = counters.snapshot(5, 12, PagentStats.State.RUNNING, null);
        assertThat(exact.queueSize()).isEqualTo(5);
        assertThat(exact.inFlight()).isEqualTo(12);
    }
}
