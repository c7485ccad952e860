package ai.pagent.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RequestRate rate = new RequestRate(2, now::get);

    @Test
    void admitsUpToTheBoundWithinOneSlidingSecond() {
        assertThat(rate.tryAdmit()).isTrue();
        advanceMillis(500);
        assertThat(rate.tryAdmit()).isTrue();
        advanceMillis(499);
        assertThat(rate.tryAdmit()).as("3rd within 999 ms").isFalse();
        advanceMillis(1);
        assertThat(rate.tryAdmit()).as("the first has aged out").isTrue();
        assertThat(rate.tryAdmit()).isFalse();
        advanceMillis(500);
        assertThat(rate.tryAdmit()).as("the second has aged out").isTrue();
    }

    @Test
    void refusalsDoNotFillTheWindow() {
        assertThat(rate.tryAdmit()).isTrue();
        assertThat(rate.tryAdmit()).isTrue();
        advanceMillis(900);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.tryAdmit()).isFalse();
        }
        advanceMillis(100);
        assertThat(rate.tryAdmit())
                .as("the refusals of 100 ms ago take no room")
                .isTrue();
        assertThat(rate.tryAdmit()).isTrue();
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
