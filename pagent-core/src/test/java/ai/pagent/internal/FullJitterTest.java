package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Example;
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

    @Example
    void aDoublingThatOverflowsDrawsUpToTheCapNotZero() {
        long initial = 1L << 34; // doubled 30 times: 2^64, which is zero in a long
        long max = 1L << 40;

        Set<Long> draws = IntStream.range(0, 20)
                .mapToObj(i -> BatchSender.fullJitter(initial, max, 31))
                .collect(Collectors.toSet());

        assertThat(draws).allSatisfy(d -> assertThat(d).isBetween(0L, max));
        assertThat(draws).anySatisfy(d -> assertThat(d).isPositive());
    }
}
