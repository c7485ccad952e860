package ai.pagent;

import static ai.pagent.TypedPropertyTest.base;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per promise of {@code Conversion.Builder.property(key, value)}. */
class TypedPropertyRulesTest {

    private static List<String> violations(Conversion.Builder b) {
        return catchThrowableOfType(b::build, InvalidConversionException.class).violations();
    }

    @Test
    void writesEntriesInTheOrderOfTheCallsAsTheMapPathDoes() {
        Conversion c = base().property("plan", "pro")
                .property("quantity", 2)
                .property("coupon", true)
                .property("price", 49.99)
                .build();

        assertThat(c.propertiesJson()).hasValue("{\"plan\":\"pro\",\"quantity\":2,\"coupon\":true,\"price\":49.99}");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("plan", "pro");
        map.put("quantity", 2);
        map.put("coupon", true);
        map.put("price", 49.99);
        Conversion viaMap = base().properties(map).build();
        assertThat(c.propertiesJson()).isEqualTo(viaMap.propertiesJson());
        assertThat(c.encodedSize()).isEqualTo(viaMap.encodedSize());
        assertThat(c).isEqualTo(viaMap);
        assertThat(c.properties()).hasValue(map);
    }

    @Test
    void aNullValueIsJsonNull() {
        assertThat(base().property("coupon", (String) null).build().propertiesJson())
                .hasValue("{\"coupon\":null}");
    }

    @Test
    void escapesKeysAndStringsAsTheMapPathDoes() {
        String odd = "q\"\\/\n\t\u0001\u007f\u00e9\u20ac\ud83d\ude00";
        Conversion c = base().property(odd, odd).build();

        assertThat(c.propertiesJson())
                .isEqualTo(base().properties(Map.of(odd, odd)).build().propertiesJson());
        assertThat(c.propertiesJson())
                .hasValue(
                        "{\"q\\\"\\\\/\\n\\t\\u0001\u007f\u00e9\u20ac\ud83d\ude00\":\"q\\\"\\\\/\\n\\t\\u0001\u007f\u00e9\u20ac\ud83d\ude00\"}");
    }

    @Test
    void anIntWidensToLongAndWritesWhatAnIntegerInAMapWrites() {
        assertThat(base().property("n", Integer.MIN_VALUE)
                        .property("m", Long.MIN_VALUE)
                        .build()
                        .propertiesJson())
                .hasValue("{\"n\":-2147483648,\"m\":-9223372036854775808}");
    }

    @Test
    void aDoublePrintsAsDoubleToStringDoes() {
        double[] values = {9.99, 0.1, -0.0, 1e7, 1.0E-4, 123456.789, Double.MIN_VALUE, Double.MAX_VALUE};
        for (double d : values) {
            assertThat(base().property("d", d).build().propertiesJson())
                    .as("%s", d)
                    .hasValue("{\"d\":" + Double.toString(d) + "}");
        }
    }

    @Test
    void aFloatWidensToADoubleAndPrintsAsOne() {
        assertThat(base().property("f", 0.1f).build().propertiesJson()).hasValue("{\"f\":0.10000000149011612}");
        assertThat(base().properties(Map.of("f", 0.1f)).build().propertiesJson())
                .hasValue("{\"f\":0.1}");
    }

    @Test
    void booleansAreTrueAndFalse() {
        assertThat(base().property("a", true).property("b", false).build().propertiesJson())
                .hasValue("{\"a\":true,\"b\":false}");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteDoublesAreRejectedAtBuildNamingTheKey(double value) {
        Conversion.Builder b = base().property("price", value); // a setter never throws

        assertThat(violations(b)).containsExactly("properties.price: must be a finite number, was " + value);
    }

    @Test
    void aKeyGivenTwiceIsRejectedNamingTheKey() {
        assertThat(violations(base().property("plan", "pro").property("plan", 2)))
                .containsExactly("properties.plan: duplicate key: each key may be set once");
    }

    @Test
    void aKeyGivenTwiceAmongManyIsRejectedNamingTheKey() {
        Conversion.Builder b = base();
        for (int i = 0; i < 40; i++) {
            b.property("k" + i, i);
        }
        b.property("k3", "again").property("k39", "again").property("k40", 40);

        assertThat(violations(b))
                .containsExactly(
                        "properties.k3: duplicate key: each key may be set once",
                        "properties.k39: duplicate key: each key may be set once");
    }

    @Test
    void aNullKeyIsRejectedAsInAMap() {
        Map<String, Object> withNullKey = new HashMap<>();
        withNullKey.put(null, "x");
        List<String> viaMap = violations(base().properties(withNullKey));

        assertThat(violations(base().property(null, "x"))).isEqualTo(viaMap);
        assertThat(viaMap).containsExactly("properties.null: keys must be Strings, found a key of type null");
    }

    @Test
    void loneSurrogatesInKeysAndValuesAreRejectedNamingTheKey() {
        assertThat(violations(base().property("plan", "a\ud800b").property("x\udc00", 1)))
                .containsExactly(
                        "properties.plan: must not contain a lone surrogate, found U+D800 at index 1",
                        "properties[\"x\\uDC00\"]: key must not contain a lone surrogate, found U+DC00 at index 1")
                .isEqualTo(violations(base().properties(linked("plan", "a\ud800b", "x\udc00", 1))));
    }

    @Test
    void listsTenViolationsAndCountsTheRestAsTheMapPathDoes() {
        Conversion.Builder typed = base();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 13; i++) {
            typed.property("d" + i, Double.NaN);
            map.put("d" + i, Double.NaN);
        }

        List<String> found = violations(typed);

        assertThat(found).hasSize(11).endsWith("properties: 3 more violations not listed");
        assertThat(found).isEqualTo(violations(base().properties(map)));
    }

    @Test
    void addsToAMapSetBefore() {
        Conversion c =
                base().properties(Map.of("plan", "pro")).property("quantity", 2).build();

        assertThat(c.propertiesJson()).hasValue("{\"plan\":\"pro\",\"quantity\":2}");
        assertThat(c.encodedSize())
                .isEqualTo(base().properties(linked("plan", "pro", "quantity", 2))
                        .build()
                        .encodedSize());
    }

    @Test
    void addsToAnEmptyMapSetBefore() {
        assertThat(base().properties(Map.of()).property("q", 2).build().propertiesJson())
                .hasValue("{\"q\":2}");
    }

    @Test
    void aKeyInTheMapAndGivenAgainIsRejectedNamingTheKey() {
        assertThat(violations(base().properties(Map.of("plan", "pro")).property("plan", "team")))
                .containsExactly("properties.plan: duplicate key: set by properties(Map) and by property(key, value)");
    }

    @Test
    void propertiesSetAfterwardsReplaceTheEntries() {
        Conversion c =
                base().property("plan", "pro").properties(Map.of("quantity", 2)).build();

        assertThat(c.propertiesJson()).hasValue("{\"quantity\":2}");
    }

    @Test
    void propertiesNullRemovesBothKinds() {
        Conversion c = base().properties(Map.of("a", 1))
                .property("plan", "pro")
                .properties(null)
                .build();

        assertThat(c.propertiesJson()).isEmpty();
        assertThat(c.encodedSize()).isEqualTo(base().build().encodedSize());
    }

    @Test
    void entriesCannotBeAddedToAList() {
        assertThat(violations(base().properties(List.of(Map.of("a", 1))).property("plan", "pro")))
                .containsExactly("properties: must be a Map when property(key, value) adds entries to it, was a List");
    }

    @Test
    void entriesCannotBeAddedToTheListOfAToBuilderEvent() {
        Conversion listed = base().properties(List.of(Map.of("a", 1))).build();

        assertThat(violations(listed.toBuilder().property("plan", "pro")))
                .containsExactly("properties: must be a Map when property(key, value) adds entries to it, was a List");
    }

    @Test
    void aToBuilderCarriesTypedEntriesAndAddsAfterThem() {
        Conversion c = base().property("plan", "pro").build();

        assertThat(c.toBuilder().build()).isEqualTo(c);
        Conversion more = c.toBuilder().property("quantity", 2L).build();
        assertThat(more.propertiesJson()).hasValue("{\"plan\":\"pro\",\"quantity\":2}");
        assertThat(more.encodedSize())
                .isEqualTo(base().properties(linked("plan", "pro", "quantity", 2))
                        .build()
                        .encodedSize());
        assertThat(violations(c.toBuilder().property("plan", "team")))
                .containsExactly("properties.plan: duplicate key: set by properties(Map) and by property(key, value)");
    }

    @Test
    void aBuiltEventKeepsItsEntriesWhenTheBuilderAddsMore() {
        Conversion.Builder b = base().property("plan", "pro");
        Conversion first = b.build();

        Conversion second = b.property("quantity", 2).build();

        assertThat(first.propertiesJson()).hasValue("{\"plan\":\"pro\"}");
        assertThat(second.propertiesJson()).hasValue("{\"plan\":\"pro\",\"quantity\":2}");
    }

    @Test
    void settersNeverThrow() {
        assertThatCode(() -> base().property(null, Double.NaN)
                        .property("a\ud800", "b\udc00")
                        .property("a\ud800", true)
                        .properties(List.of())
                        .property("x", 1))
                .doesNotThrowAnyException();
    }

    private static Map<String, Object> linked(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
