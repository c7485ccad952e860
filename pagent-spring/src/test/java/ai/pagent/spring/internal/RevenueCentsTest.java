package ai.pagent.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RevenueCentsTest {
    @Property
    void keepsEveryWholeNumberExactly(@ForAll long cents) {
        assertThat(RevenueCents.of(cents)).isEqualTo(cents);
        assertThat(RevenueCents.of(BigDecimal.valueOf(cents))).isEqualTo(cents);
        assertThat(RevenueCents.of(BigInteger.valueOf(cents))).isEqualTo(cents);
        assertThat(RevenueCents.of(new BigDecimal(BigInteger.valueOf(cents)).setScale(2)))
                .isEqualTo(cents);
    }

    @Property
    void acceptsIntegralDoubles(@ForAll @LongRange(min = -1L << 52, max = 1L << 52) long cents) {
        assertThat(RevenueCents.of((double) cents)).isEqualTo(cents);
        assertThat(RevenueCents.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cents))))
                .isEqualTo(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cents)));
    }

    @Property
    void refusesAnyFractionInsteadOfRounding(
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long whole,
            @ForAll @IntRange(min = 1, max = 99) int hundredths) {
        BigDecimal amount = BigDecimal.valueOf(whole).add(BigDecimal.valueOf(hundredths, 2));
        assertThatThrownBy(() -> RevenueCents.of(amount))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number of cents")
                .hasMessageContaining(amount.toString());
        assertThatThrownBy(() -> RevenueCents.of(amount.doubleValue())).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void refusesValuesBeyondALong(@ForAll @IntRange(min = 1, max = 1000) int extra) {
        BigInteger tooBig = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(extra));
        assertThatThrownBy(() -> RevenueCents.of(tooBig)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void refusesNonNumbers(@ForAll String text) {
        assertThatThrownBy(() -> RevenueCents.of(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Property(tries = 10)
    void refusesNonFiniteDoubles() {
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 9.99, 1e19}) {
            assertThatThrownBy(() -> RevenueCents.of(d)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
