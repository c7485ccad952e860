package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class FullJitterTest {
    @Property
    void staysBetweenZeroAndTheCappedExponentialCeiling(
            @ForAll @LongRange(min = 1, max = 10_000) long initial,
            @ForAll @LongRange(min = 1, max = 600_000) long extra,
            @ForAll @IntRange(min = 1, max = 100) int attempt) {
        long max = initial + extra;
        long ceiling = Math.min(max, attempt > 40 ? max : initial * (1L << (attempt - 1)));

        long delay = BatchSender.fullJitter(initial, max, attempt);

        assertThat(delay).isBetween(0L, ceiling);
    }
}
