package ai.pagent;

import static ai.pagent.ConversionTest.onlyViolationOf;
import static ai.pagent.ConversionTest.valid;
import static ai.pagent.ConversionTest.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.internal.WireFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The properties rules of {@link Conversion} at the edges where they decide (DESIGN: finite numbers
 * a JSON reader takes, nesting at most 32 deep, the path of each bad value), through the public
 * API only: what {@code build()} refuses, with which message, and what JSON it keeps.
 */
class PropertyRuleEdgesTest {
    static final int LIMIT = 32 * 1024;

    // ---- numbers: at most 1000 digits, within a double's range ---------------------------------

    @Test
    void aNumberOfExactlyAThousandDigitsIsAcceptedWhateverItsBitLength() {
        // 2^3321 has 1000 digits and 3322 bits, the most bits a 1000-digit number can have
        BigInteger twoTo3321 = BigInteger.ONE.shiftLeft(3321);
        assertThat(twoTo3321.toString()).hasSize(1000);

        assertThat(valid().properties(Map.of("n", twoTo3321)).build().propertiesJson())
                .contains("{\"n\":" + twoTo3321 + "}");
        BigDecimal decimal = new BigDecimal(twoTo3321, 990); // 1000 digits and a point
        assertThat(valid().properties(Map.of("n", decimal)).build().propertiesJson())
                .contains("{\"n\":" + decimal + "}");
    }

    @Test
    void aDecimalOfMoreThanAThousandDigitsIsRefusedWhicheverDigitsTheyAre() {
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigDecimal("0." + "9".repeat(1000))))))
                .isEqualTo("properties.n: must be a number of at most 1000 digits, has 1001");
    }

    @Test
    void aHugeNumberIsRefusedWithoutBeingPrinted() {
        BigInteger huge = BigInteger.TEN.pow(100_000).subtract(BigInteger.ONE); // 100 000 nines
        assertThat(onlyViolationOf(valid().properties(Map.of("n", huge))))
                .isEqualTo("properties.n: must be a number of at most 1000 digits, has about 100000 digits");
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigDecimal(huge, 50_000)))))
                .isEqualTo("properties.n: must be a number of at most 1000 digits, has about 100000 digits");
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigDecimal(BigInteger.TEN.pow(1001), 3)))))
                .isEqualTo("properties.n: must be a number of at most 1000 digits, has about 1001 digits");
    }

    @Test
    void aBigIntegerSubclassIsWrittenAsThePlainNumberOfItsValue() {
        BigInteger odd = new BigInteger("12345") {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                return "\"not a number\"";
            }
        };

        assertThat(valid().properties(Map.of("n", odd)).build().propertiesJson())
                .contains("{\"n\":12345}");
    }

    // ---- nesting -------------------------------------------------------------------------------

    static Object nestedIn(int lists, Object leaf) {
        Object deep = leaf;
        for (int i = 0; i < lists; i++) {
            deep = List.of(deep);
        }
        return deep;
    }

    @ParameterizedTest
    @ValueSource(strings = {"int", "double", "boolean", "float", "long", "Object"})
    void anArrayCountsAsALevelOfNesting(String kind) {
        Object array = array(kind);
        // the properties map is level 0; 31 lists and the array make 32 levels
        Conversion deepest =
                valid().properties(Map.of("d", nestedIn(31, array))).build();
        assertThat(deepest.propertiesJson().orElseThrow()).startsWith("{\"d\":" + "[".repeat(32));

        assertThat(onlyViolationOf(valid().properties(Map.of("d", nestedIn(32, array)))))
                .isEqualTo("properties.d" + "[0]".repeat(32) + ": nested deeper than 32 levels");
    }

    static Object array(String kind) {
        switch (kind) {
            case "int":
                return new int[] {1};
            case "double":
                return new double[] {1.5};
            case "boolean":
                return new boolean[] {true};
            case "float":
                return new float[] {1.5f};
            case "long":
                return new long[] {1};
            default:
                return new Object[] {1};
        }
    }

    @Test
    void aFlatArrayBeforeDeepNestingLeavesTheFullDepthAvailable() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("a", new int[] {1, 2});
        properties.put("d", nestedIn(32, "leaf"));

        Conversion c = valid().properties(properties).build();

        assertThat(c.propertiesJson().orElseThrow())
                .isEqualTo("{\"a\":[1,2],\"d\":" + "[".repeat(32) + "\"leaf\"" + "]".repeat(32) + "}");
    }

    @Test
    void aBadValueInsideAPrimitiveArrayIsNamedByItsPath() {
        assertThat(onlyViolationOf(valid().properties(Map.of("x", new float[] {1, Float.NaN}))))
                .isEqualTo("properties.x[1]: must be a finite number, was NaN");
        assertThat(onlyViolationOf(valid().properties(Map.of("a", Map.of("x", new float[] {Float.POSITIVE_INFINITY})))))
                .isEqualTo("properties.a.x[0]: must be a finite number, was Infinity");
        assertThat(onlyViolationOf(valid().properties(Map.of("a", List.of(new double[] {0, 1, Double.NaN})))))
                .isEqualTo("properties.a[0][2]: must be a finite number, was NaN");
    }

    // ---- lone surrogates, wherever they are ----------------------------------------------------

    @Test
    void aLoneSurrogateIsFoundAtIndexZeroToo() {
        assertThat(onlyViolationOf(valid().properties(Map.of("\uDC00", "v"))))
                .isEqualTo("properties[\"\\uDC00\"]: key must not contain a lone surrogate, found U+DC00 at index 0");
        assertThat(onlyViolationOf(valid().properties(Map.of("c", new char[] {'\uD800', 'x'}))))
                .isEqualTo("properties.c: must not contain a lone surrogate, found U+D800 at index 0");
        assertThat(onlyViolationOf(valid().properties(Map.of("s", "\uD800"))))
                .isEqualTo("properties.s: must not contain a lone surrogate, found U+D800 at index 0");
    }

    @Test
    void theFirstLoneSurrogateIsTheOneNamed() {
        assertThat(onlyViolationOf(valid().properties(Map.of("s", "\uDC00x\uD800"))))
                .isEqualTo("properties.s: must not contain a lone surrogate, found U+DC00 at index 0");
        assertThat(onlyViolationOf(valid().properties(Map.of("s", "ab\uD800\uD800"))))
                .isEqualTo("properties.s: must not contain a lone surrogate, found U+D800 at index 2");
    }

    // ---- paths and the list of violations ------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"a", "z", "A", "Z", "0", "9", "_", "-", "aZ09_-"})
    void aKeyOfLettersDigitsUnderscoresAndHyphensShowsBare(String key) {
        assertThat(onlyViolationOf(valid().properties(Map.of(key, Double.NaN))))
                .isEqualTo("properties." + key + ": must be a finite number, was NaN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"`", "{", "@", "[", "/", ":", "a.b", "a b", "é", ""})
    void anyOtherKeyShowsQuotedInBrackets(String key) {
        assertThat(onlyViolationOf(valid().properties(Map.of(key, Double.NaN))))
                .isEqualTo("properties[\"" + key + "\"]: must be a finite number, was NaN");
    }

    @Test
    void aKeyLongerThanFortyCharactersShowsQuotedAndCut() {
        String forty = "k".repeat(40);
        assertThat(onlyViolationOf(valid().properties(Map.of(forty, Double.NaN))))
                .isEqualTo("properties." + forty + ": must be a finite number, was NaN");
        assertThat(onlyViolationOf(valid().properties(Map.of(forty + "k", Double.NaN))))
                .isEqualTo("properties[\"" + forty + "\"… (41 characters)]: must be a finite number, was NaN");
    }

    @Test
    void tenViolationsAreListedAllAndMoreAreCounted() {
        assertThat(violationsOf(valid().properties(Map.of("n", Collections.nCopies(10, Double.NaN)))))
                .hasSize(10)
                .allMatch(v -> v.endsWith(": must be a finite number, was NaN"));
        assertThat(violationsOf(valid().properties(Map.of("n", Collections.nCopies(11, Double.NaN)))))
                .hasSize(11)
                .last()
                .isEqualTo("properties: 1 more violations not listed");
    }

    // ---- what an event keeps ---------------------------------------------------------------------

    @Test
    void aBuiltEventKeepsNoReferenceToTheCallersProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("nested", new LinkedHashMap<>(Map.of("list", new java.util.ArrayList<>(List.of(1, 2)))));
        java.lang.ref.WeakReference<Object> callers = new java.lang.ref.WeakReference<>(properties);

        Conversion c = valid().properties(properties).build();
        properties = null;

        // neither the event nor anything the thread keeps for the next build() holds the map
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> {
                    System.gc();
                    return callers.get() == null;
                });
        assertThat(c.propertiesJson()).contains("{\"nested\":{\"list\":[1,2]}}");
    }

    // ---- the walk stops at the limit -----------------------------------------------------------

    @Test
    void theWalkStopsWhereTheEventPassesTheLimit() {
        AtomicInteger read = new AtomicInteger();
        List<String> counted = new AbstractList<>() {
            @Override
            public String get(int index) {
                read.incrementAndGet();
                return "xxxxxxxx";
            }

            @Override
            public int size() {
                return 1_000;
            }
        };
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("pad", "");
        int base = WireFormat.toJson(valid().timeMillis(1_767_323_045_678L)
                        .properties(properties)
                        .build())
                .getBytes(StandardCharsets.UTF_8)
                .length;
        properties.put("pad", "x".repeat(LIMIT - base + 2)); // too large before "rest"
        properties.put("rest", counted);

        assertThat(onlyViolationOf(valid().timeMillis(1_767_323_045_678L).properties(properties)))
                .startsWith("properties: too large");
        assertThat(read.get()).as("elements read after the limit was passed").isLessThanOrEqualTo(1);
    }
}
