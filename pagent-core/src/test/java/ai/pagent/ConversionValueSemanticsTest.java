package ai.pagent;

import static ai.pagent.ConversionTest.onlyViolationOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conversion} as a value: equal when every field is (properties compared as the maps they
 * read back as, key order aside), a copy through {@code toBuilder()} equal to its source, and a
 * {@code toString()} that shows ids and sizes but never property values; revenue echoed in a
 * message is cut so that a huge number cannot flood a log.
 */
class ConversionValueSemanticsTest {
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final long TIME = 1_767_323_045_678L;

    static Conversion.Builder full() {
        return Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId(GOAL)
                .label("checkout")
                .revenueCents(999)
                .properties(Map.of("plan", "pro"))
                .timeMillis(TIME);
    }

    static Stream<UnaryOperator<Conversion.Builder>> oneFieldChanged() {
        return Stream.of(
                b -> b.sessionId("s2"),
                b -> b.userId("u2"),
                b -> b.conversionId(GOAL.toUpperCase(java.util.Locale.ROOT)),
                b -> b.label("checkout2"),
                b -> b.label(null),
                b -> b.revenueCents(998),
                b -> b.revenue(null),
                b -> b.properties(Map.of("plan", "pre")),
                b -> b.properties(Map.of("plan", "pro", "n", 1)),
                b -> b.properties(List.of(Map.of("plan", "pro"))),
                b -> b.properties(null),
                b -> b.timeMillis(TIME + 1));
    }

    @ParameterizedTest
    @MethodSource("oneFieldChanged")
    void eventsDifferingInOneFieldAreNotEqual(UnaryOperator<Conversion.Builder> change) {
        Conversion a = full().build();
        Conversion b = change.apply(full()).build();

        assertThat(a).isNotEqualTo(b);
        assertThat(b).isNotEqualTo(a);
        // a hash that ignored the field would put such events in one bucket of a HashSet
        assertThat(b.hashCode()).isNotEqualTo(a.hashCode());
        assertThat(change.apply(full()).build())
                .as("the same change twice")
                .isEqualTo(b)
                .hasSameHashCodeAs(b);
    }

    @Test
    void propertiesInAnotherKeyOrderAreEqual() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", List.of("x", Map.of("c", true)));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of("x", Map.of("c", true)));
        ba.put("a", 1);

        Conversion first = full().properties(ab).build();
        Conversion second = full().properties(ba).build();

        assertThat(first.propertiesJson()).isNotEqualTo(second.propertiesJson());
        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.encodedSize()).isEqualTo(second.encodedSize());
    }

    @Test
    void propertiesOfTheSameLengthButOtherValuesDiffer() {
        Conversion one = full().properties(Map.of("a", 1, "b", 2)).build();
        Conversion other = full().properties(Map.of("a", 2, "b", 1)).build();

        assertThat(one.propertiesJson().orElseThrow())
                .hasSameSizeAs(other.propertiesJson().orElseThrow());
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void anEventIsEqualToItselfAndToItsCopyOnly() {
        Conversion c = full().build();

        assertThat(c)
                .isEqualTo(c)
                .isEqualTo(c.toBuilder().build())
                .hasSameHashCodeAs(c.toBuilder().build());
        assertThat(c).isNotEqualTo(null).isNotEqualTo(c.toString());
        assertThat(c.toBuilder().build().encodedSize()).isEqualTo(c.encodedSize());
        Conversion minimal = Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId(GOAL)
                .timeMillis(TIME)
                .build();
        assertThat(minimal.toBuilder().build()).isEqualTo(minimal);
        assertThat(minimal.toBuilder().build().revenueCents()).isEmpty();
        assertThat(minimal.toBuilder().build().propertiesJson()).isEmpty();
        assertThat(minimal.toBuilder().build().encodedSize()).isEqualTo(minimal.encodedSize());
    }

    @Test
    void aCopyKeepsEveryFieldAndMayChangeOne() {
        Conversion c = full().build();
        Conversion copy = c.toBuilder().build();

        assertThat(copy.sessionId()).isEqualTo("s");
        assertThat(copy.userId()).isEqualTo("u");
        assertThat(copy.conversionId()).isEqualTo(GOAL);
        assertThat(copy.label()).contains("checkout");
        assertThat(copy.revenueCents()).hasValue(999);
        assertThat(copy.propertiesJson()).contains("{\"plan\":\"pro\"}");
        assertThat(copy.timeMillis()).isEqualTo(TIME);

        Conversion relabelled = c.toBuilder().label("a-much-longer-label").build();
        assertThat(relabelled.encodedSize()).isEqualTo(c.encodedSize() + "a-much-longer-label".length() - 8);
        assertThat(relabelled.propertiesJson()).isEqualTo(c.propertiesJson());
    }

    @Test
    void toStringLeavesOutWhatIsAbsent() {
        Conversion minimal = Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId(GOAL)
                .timeMillis(TIME)
                .build();

        assertThat(minimal.toString())
                .isEqualTo("Conversion{session_id=s, user_id=u, conversion_id=" + GOAL
                        + ", time=2026-01-02T03:04:05.678Z}");
        assertThat(full().properties(List.of(Map.of("k", "secret"))).build().toString())
                .isEqualTo("Conversion{session_id=s, user_id=u, conversion_id=" + GOAL
                        + ", label=checkout, revenue=999, properties=16 bytes, time=2026-01-02T03:04:05.678Z}")
                .doesNotContain("secret");
    }

    @Test
    void aRevenueEchoedInAMessageIsCutAfter40Characters() {
        String forty = "0." + "1".repeat(38); // 40 characters
        String fortyOne = "0." + "1".repeat(39);

        assertThat(onlyViolationOf(full().revenue(new BigDecimal(forty))))
                .isEqualTo("revenue: must be a whole number of cents (at most 2 decimal places; never rounded), was "
                        + forty);
        assertThat(onlyViolationOf(full().revenue(new BigDecimal(fortyOne))))
                .isEqualTo("revenue: must be a whole number of cents (at most 2 decimal places; never rounded), was "
                        + fortyOne.substring(0, 40) + "… (41 characters)");
        assertThat(onlyViolationOf(full().revenue(new BigDecimal("-" + "9".repeat(45)))))
                .isEqualTo("revenue: must not be negative, was -" + "9".repeat(39) + "… (46 characters)");
    }

    @Test
    void revenueOfZeroAndOfWholeCentsWithTrailingZerosIsAccepted() {
        assertThat(full().revenue(new BigDecimal("0.000")).build().revenueCents())
                .hasValue(0);
        assertThat(full().revenue(new BigDecimal("12.3400")).build().revenueCents())
                .hasValue(1234);
        assertThat(full().revenue(BigDecimal.ZERO).build().revenueCents()).hasValue(0);
    }
}
