package ai.pagent.micronaut.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CentsTest {
    @Test
    void acceptsWholeNumbersOfAnyNumericType() {
        assertThat(Cents.of("revenue", 999)).isEqualTo(999L);
        assertThat(Cents.of("revenue", 999L)).isEqualTo(999L);
        assertThat(Cents.of("revenue", (short) 5)).isEqualTo(5L);
        assertThat(Cents.of("revenue", new BigDecimal("1200.00"))).isEqualTo(1200L);
        assertThat(Cents.of("revenue", BigInteger.TEN)).isEqualTo(10L);
        assertThat(Cents.of("revenue", 42.0)).isEqualTo(42L);
        assertThat(Cents.of("revenue", "77")).isEqualTo(77L);
        assertThat(Cents.of("revenue", null)).isNull();
    }

    @Test
    void refusesFractionsInsteadOfTruncating() {
        assertThatThrownBy(() -> Cents.of("revenue", 9.99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("revenue must be whole cents")
                .hasMessageContaining("9.99");
        assertThatThrownBy(() -> Cents.of("revenueFrom = \"total\"", new BigDecimal("9.5")))
                .hasMessageStartingWith("revenueFrom = \"total\" must be whole cents");
    }

    @Test
    void refusesWhatIsNotANumber() {
        assertThatThrownBy(() -> Cents.of("revenue", Double.NaN)).hasMessageContaining("whole cents");
        assertThatThrownBy(() -> Cents.of("revenue", "abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Cents.of("revenue", new Object())).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Cents.of("revenue", new BigInteger("100000000000000000000000")))
                .hasMessageContaining("whole cents");
    }
}
