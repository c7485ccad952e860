package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConversionTest {
    static final String SESSION = "s-4f1c2d";
    static final String USER = "u-99a1";
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    static Conversion.Builder valid() {
        return Conversion.builder().sessionId(SESSION).userId(USER).conversionId(GOAL);
    }

    static List<String> violationsOf(Conversion.Builder builder) {
        InvalidConversionException e = catchThrowableOfType(InvalidConversionException.class, builder::build);
        assertThat(e).as("build() should have failed").isNotNull();
        return e.violations();
    }

    static String onlyViolationOf(Conversion.Builder builder) {
        List<String> violations = violationsOf(builder);
        assertThat(violations).hasSize(1);
        return violations.get(0);
    }

    @Test
    void buildsATypicalEvent() {
        Instant at = Instant.parse("2026-11-26T10:15:30.123Z");
        Conversion c = valid().label("checkout")
                .revenueCents(999)
                .properties(Map.of("plan", "pro"))
                .time(at)
                .build();

        assertThat(c.sessionId()).isEqualTo(SESSION);
        assertThat(c.userId()).isEqualTo(USER);
        assertThat(c.conversionId()).isEqualTo(GOAL);
        assertThat(c.label()).contains("checkout");
        assertThat(c.revenueCents()).hasValue(999);
        assertThat(c.properties()).contains(Map.of("plan", "pro"));
        assertThat(c.time()).isEqualTo(at);
        assertThat(c.timeMillis()).isEqualTo(at.toEpochMilli());
    }

    @Test
    void leavesOptionalFieldsEmptyWhenNotGiven() {
        Conversion c = valid().build();

        assertThat(c.label()).isEmpty();
        assertThat(c.revenueCents()).isEmpty();
        assertThat(c.properties()).isEmpty();
    }

    @Test
    void propertiesNullClearsThem() {
        Conversion.Builder b = valid().properties(Map.of("plan", "pro"));

        assertThat(b.properties(null).build().properties()).isEmpty();
        assertThat(valid().properties(List.of(Map.of("a", 1))).build().properties())
                .contains(List.of(Map.of("a", 1)));
    }

    @Test
    void propertiesOfAnotherTypeAreAViolation() {
        assertThat(onlyViolationOf(valid().properties("plan=pro")))
                .isEqualTo("properties: must be a Map or a List of Maps, was java.lang.String");
    }

    // ---- ids and label -------------------------------------------------------------------------

    static Stream<Arguments> invalidTexts() {
        return Stream.of(
                arguments("", "must not be empty"),
                arguments("   ", "must not be blank"),
                arguments("\t \u3000", "must not contain control characters, found U+0009 at index 0"),
                arguments("\u2003\u3000 \u2002", "must not be blank"),
                arguments("a".repeat(257), "must be at most 256 characters, was 257"),
                arguments("abc\u0000", "must not contain control characters, found U+0000 at index 3"),
                arguments("a\nb", "found U+000A at index 1"),
                arguments("a\u001fb", "found U+001F"),
                arguments("a\u007fb", "found U+007F"),
                arguments("a\u0085b", "found U+0085"),
                arguments("a\u009fb", "found U+009F"),
                arguments("a\u2028b", "found U+2028"),
                arguments("a\u2029b", "found U+2029"),
                arguments("ab\ud800", "must not contain a lone surrogate, found U+D800 at index 2"),
                arguments("\udc00ab", "must not contain a lone surrogate, found U+DC00 at index 0"),
                arguments("a\ud800b", "lone surrogate, found U+D800 at index 1"),
                arguments(
                        "admin\u202Etxt.exe",
                        "invisible format characters (Unicode Cf: bidi controls, zero-width),"
                                + " found U+202E at index 5"),
                arguments("a\u200Bb", "found U+200B at index 1"),
                arguments("\u2066a\u2069", "found U+2066 at index 0"),
                arguments("a\uFEFF", "found U+FEFF at index 1"),
                arguments("a\u00ADb", "found U+00AD at index 1"),
                arguments("a\uDB40\uDC01", "found U+E0001 at index 1"),
                arguments("\u00a0\u00a0", "must not be blank"),
                arguments("\u202F\u2007\u3164", "must not be blank"));
    }

    static Stream<Arguments> textFields() {
        return Stream.of(
                arguments("session_id", (BiFunction<Conversion.Builder, String, Conversion.Builder>)
                        Conversion.Builder::sessionId),
                arguments("user_id", (BiFunction<Conversion.Builder, String, Conversion.Builder>)
                        Conversion.Builder::userId),
                arguments("label", (BiFunction<Conversion.Builder, String, Conversion.Builder>)
                        Conversion.Builder::label));
    }

    static Stream<Arguments> invalidTextPerField() {
        return textFields()
                .flatMap(field -> invalidTexts()
                        .map(text -> arguments(field.get()[0], field.get()[1], text.get()[0], text.get()[1])));
    }

    @ParameterizedTest(name = "{0} = \"{2}\" -> {3}")
    @MethodSource("invalidTextPerField")
    void rejectsInvalidIdsAndLabelsNamingTheFieldAndRule(
            String field,
            BiFunction<Conversion.Builder, String, Conversion.Builder> setter,
            String value,
            String rule) {
        String violation = onlyViolationOf(setter.apply(valid(), value));

        assertThat(violation).startsWith(field + ": ").contains(rule);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "with inner spaces",
                " leading and trailing ",
                "quote\" and back\\slash",
                "ünïcödé-€-日本",
                "emoji \uD83D\uDE00 outside the BMP",
                "</script><script>",
                "\u00a0nbsp"
            })
    void acceptsUnusualButValidIds(String id) {
        Conversion c = valid().sessionId(id).userId(id).label(id).build();

        assertThat(c.sessionId()).isEqualTo(id);
        assertThat(c.userId()).isEqualTo(id);
        assertThat(c.label()).contains(id);
    }

    @Test
    void accepts256CharactersButNotMore() {
        String max = "x".repeat(256);

        assertThat(valid().sessionId(max).userId(max).label(max).build().sessionId())
                .hasSize(256);
        assertThat(onlyViolationOf(valid().userId(max + "x")))
                .isEqualTo("user_id: must be at most 256 characters, was 257");
    }

    @Test
    void reportsMissingRequiredIds() {
        assertThat(violationsOf(Conversion.builder()))
                .containsExactly("session_id: is required", "user_id: is required", "conversion_id: is required");
    }

    @Test
    void nullSettersLeaveRequiredIdsUnset() {
        assertThat(violationsOf(valid().sessionId(null).conversionId(null)))
                .containsExactly("session_id: is required", "conversion_id: is required");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "7d444840-9dc0-11d1-b245-5ffdce74fad2",
                "7D444840-9DC0-11D1-B245-5FFDCE74FAD2",
                "7d444840-9DC0-11d1-B245-5ffdce74fad2",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "0190a6e4-7b1a-7cc3-9e6b-3c1f5f0b8d11", // version 7
                "123e4567-e89b-42d3-a456-426614174000" // version 4
            })
    void acceptsUuidsOfAnyVersionAndCase(String uuid) {
        assertThat(valid().conversionId(uuid).build().conversionId()).isEqualTo(uuid);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "1-1-1-1-1",
                "7d4448409dc011d1b2455ffdce74fad2",
                "{7d444840-9dc0-11d1-b245-5ffdce74fad2}",
                "7d444840-9dc0-11d1-b245-5ffdce74fad2 ",
                " 7d444840-9dc0-11d1-b245-5ffdce74fad2",
                "7d444840-9dc0-11d1-b245-5ffdce74fad",
                "7d444840-9dc0-11d1-b245-5ffdce74fad22",
                "7d444840-9dc0-11d1-b2455-ffdce74fad2",
                "7d444840_9dc0_11d1_b245_5ffdce74fad2",
                "gd444840-9dc0-11d1-b245-5ffdce74fad2",
                "7d444840-9dc0-11d1-b245-5ffdce74fadG",
                "７d444840-9dc0-11d1-b245-5ffdce74fad2", // a fullwidth digit
                "urn:uuid:7d444840-9dc0-11d1-b245-5ffdce74fad2"
            })
    void rejectsAnythingButCanonicalUuids(String notAUuid) {
        assertThat(onlyViolationOf(valid().conversionId(notAUuid)))
                .startsWith("conversion_id: must be a UUID (8-4-4-4-12 hex), was \"");
    }

    @Test
    void namesBlankConversionIdsAsSuch() {
        assertThat(onlyViolationOf(valid().conversionId(""))).isEqualTo("conversion_id: must not be empty");
        assertThat(onlyViolationOf(valid().conversionId("  "))).isEqualTo("conversion_id: must not be blank");
    }

    @Test
    void echoesBadValuesShortenedAndEscaped() {
        String huge = "\u0001\"\\" + "x".repeat(10_000);

        String violation = onlyViolationOf(valid().conversionId(huge));

        assertThat(violation)
                .isEqualTo("conversion_id: must be a UUID (8-4-4-4-12 hex), was \"\\u0001\\\"\\\\" + "x".repeat(37)
                        + "\"… (10003 characters)")
                .doesNotContain("\u0001");
    }

    // ---- all at once ---------------------------------------------------------------------------

    @Test
    void reportsEveryViolationAtOnceInFieldOrder() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("score", Double.NaN);
        props.put("when", Instant.EPOCH);

        InvalidConversionException e = catchThrowableOfType(
                InvalidConversionException.class,
                () -> Conversion.builder()
                        .sessionId(" ")
                        .userId("a\nb")
                        .conversionId("abc")
                        .label("")
                        .revenue(new BigDecimal("9.995"))
                        .properties(props)
                        .timeMillis(1_700_000_000L)
                        .build());

        assertThat(e.violations())
                .satisfiesExactly(
                        v -> assertThat(v).startsWith("session_id: must not be blank"),
                        v -> assertThat(v).startsWith("user_id: must not contain control characters"),
                        v -> assertThat(v).startsWith("conversion_id: must be a UUID"),
                        v -> assertThat(v).startsWith("label: must not be empty"),
                        v -> assertThat(v).startsWith("revenue: must be a whole number of cents"),
                        v -> assertThat(v).startsWith("time: ").contains("looks like seconds"),
                        v -> assertThat(v).startsWith("properties.score: must be a finite number"),
                        v -> assertThat(v).startsWith("properties.when: unsupported type java.time.Instant"));
        assertThat(e.getMessage()).isEqualTo(String.join("; ", e.violations()));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void violationsCannotBeModified() {
        List<String> violations = violationsOf(Conversion.builder());

        assertThatThrownBy(() -> violations.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- revenue -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1} cents")
    @CsvSource({
        "9.99, 999",
        "10, 1000",
        "0.1, 10",
        "1E+2, 10000",
        "9.990, 999",
        "0, 0",
        "0.00, 0",
        "0.01, 1",
        "1234567.89, 123456789",
        "92233720368547758.07, 9223372036854775807"
    })
    void convertsMajorUnitsToCentsExactly(String amount, long cents) {
        assertThat(valid().revenue(new BigDecimal(amount)).build().revenueCents())
                .hasValue(cents);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.995", "0.001", "0.0000000001", "1E-3", "10.5050"})
    void rejectsFractionsOfACentInsteadOfRounding(String amount) {
        assertThat(onlyViolationOf(valid().revenue(new BigDecimal(amount))))
                .isEqualTo("revenue: must be a whole number of cents (at most 2 decimal places; never rounded), was "
                        + new BigDecimal(amount));
    }

    @Test
    void rejectsNegativeRevenue() {
        assertThat(onlyViolationOf(valid().revenue(new BigDecimal("-1"))))
                .isEqualTo("revenue: must not be negative, was -1");
        assertThat(onlyViolationOf(valid().revenueCents(-1))).isEqualTo("revenue: must not be negative, was -1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+30", "92233720368547758.08", "1E+2147483647"})
    void rejectsRevenueTooLargeForCentsInALong(String amount) {
        assertThat(onlyViolationOf(valid().revenue(new BigDecimal(amount))))
                .startsWith("revenue: is ")
                .contains("was " + amount.substring(0, Math.min(amount.length(), 8)));
    }

    @Test
    void theLastRevenueSettingWins() {
        assertThat(valid().revenue(new BigDecimal("9.995"))
                        .revenueCents(5)
                        .build()
                        .revenueCents())
                .hasValue(5);
        assertThat(valid().revenueCents(-5).revenue(new BigDecimal("1")).build().revenueCents())
                .hasValue(100);
        assertThat(valid().revenueCents(5).revenue(null).build().revenueCents()).isEmpty();
    }

    @Test
    void acceptsTheLargestCents() {
        assertThat(valid().revenueCents(Long.MAX_VALUE).build().revenueCents()).hasValue(Long.MAX_VALUE);
        assertThat(valid().revenueCents(0).build().revenueCents()).hasValue(0);
    }

    // ---- time ----------------------------------------------------------------------------------

    @Test
    void stampsTheTimeWhenBuilt() {
        Instant before = Instant.now();
        Conversion c = valid().build();
        Instant after = Instant.now();

        assertThat(c.timeMillis()).isBetween(before.toEpochMilli(), after.toEpochMilli());
    }

    @Test
    void keepsAGivenTimeToTheMillisecond() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678901Z");

        assertThat(valid().time(at).build().time()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(valid().timeMillis(1_767_323_045_678L).build().timeMillis()).isEqualTo(1_767_323_045_678L);
        assertThat(valid().timeMillis(1L).time(null).build().timeMillis()).isGreaterThan(1L);
    }

    @ParameterizedTest
    @ValueSource(longs = {1_700_000_000L, 0L, -1L, 978_307_199_999L, Long.MIN_VALUE})
    void rejectsTimesThatLookLikeSeconds(long time) {
        assertThat(onlyViolationOf(valid().timeMillis(time)))
                .isEqualTo("time: must be epoch milliseconds from 2001-01-01T00:00:00Z (978307200000), was " + time
                        + ", which looks like seconds, not milliseconds");
    }

    @ParameterizedTest
    @ValueSource(longs = {7_258_118_400_001L, 1_700_000_000_000_000L, Long.MAX_VALUE})
    void rejectsTimesThatLookLikeMicroOrNanoseconds(long time) {
        assertThat(onlyViolationOf(valid().timeMillis(time)))
                .startsWith("time: must be epoch milliseconds before 2200-01-01T00:00:00Z")
                .contains("looks like micro- or nanoseconds");
    }

    @Test
    void acceptsTheBoundaryTimes() {
        assertThat(Conversion.MIN_TIME_MILLIS)
                .isEqualTo(Instant.parse("2001-01-01T00:00:00Z").toEpochMilli());
        assertThat(Conversion.MAX_TIME_MILLIS)
                .isEqualTo(Instant.parse("2200-01-01T00:00:00Z").toEpochMilli());
        assertThat(valid().timeMillis(Conversion.MIN_TIME_MILLIS).build().timeMillis())
                .isEqualTo(978_307_200_000L);
        assertThat(valid().timeMillis(Conversion.MAX_TIME_MILLIS).build().timeMillis())
                .isEqualTo(7_258_118_400_000L);
    }

    @Test
    void rejectsInstantsBeyondEpochMillis() {
        assertThat(onlyViolationOf(valid().time(Instant.MAX))).startsWith("time: must be between 2001-01-01");
    }

    // ---- properties ----------------------------------------------------------------------------

    @Test
    void acceptsNestedPropertiesOfEverySupportedType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("s", "text");
        nested.put("i", 1);
        nested.put("l", 2L);
        nested.put("sh", (short) 3);
        nested.put("b", (byte) 4);
        nested.put("d", 1.5);
        nested.put("f", 2.5f);
        nested.put("bd", new BigDecimal("12345678901234567890.123"));
        nested.put("bi", new BigInteger("123456789012345678901234567890"));
        nested.put("t", true);
        nested.put("n", null);
        nested.put("list", List.of(1, "two", List.of(3)));
        nested.put("objects", new Object[] {"a", 1});
        nested.put("ints", new int[] {1, 2});
        nested.put("doubles", new double[] {0.5});
        nested.put("bools", new boolean[] {true});
        nested.put("chars", new char[] {'h', 'i'});
        nested.put("empty", Map.of());

        Conversion c = valid().properties(Map.of("nested", nested)).build();

        @SuppressWarnings("unchecked")
        Map<String, Object> copy =
                (Map<String, Object>) ((Map<String, Object>) c.properties().orElseThrow()).get("nested");
        assertThat(copy)
                .containsEntry("objects", List.of("a", 1))
                .containsEntry("ints", List.of(1, 2))
                .containsEntry("doubles", List.of(0.5))
                .containsEntry("bools", List.of(true))
                .containsEntry("chars", "hi")
                .containsEntry("n", null)
                .containsEntry("bd", new BigDecimal("12345678901234567890.123"));
        assertThat(copy.keySet()).containsExactlyElementsOf(nested.keySet());
    }

    @Test
    void acceptsAListOfObjects() {
        List<Map<String, Object>> items = List.of(Map.of("sku", "A1", "qty", 2), Map.of("sku", "B2", "qty", 1));

        assertThat(valid().properties(items).build().properties()).contains(items);
    }

    @Test
    void acceptsControlCharactersInPropertyStringsSinceJsonEscapesThem() {
        Map<String, Object> props = Map.of("note\n", "line1\nline2\u0000\u2028");

        assertThat(valid().properties(props).build().properties()).contains(props);
    }

    static Stream<Arguments> badProperties() {
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("items", Arrays.asList(1, 2, Double.NaN));
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(7, "x");
        Map<String, Object> nullKeyHolder = new HashMap<>();
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        nullKeyHolder.put("m", nullKey);
        return Stream.of(
                arguments(Map.of("plan", items), "properties.plan.items[2]: must be a finite number, was NaN"),
                arguments(Map.of("x", Double.POSITIVE_INFINITY), "properties.x: must be a finite number, was Infinity"),
                arguments(Map.of("x", Float.NEGATIVE_INFINITY), "properties.x: must be a finite number, was -Infinity"),
                arguments(
                        Map.of("x", new double[] {1, Double.NaN}), "properties.x[1]: must be a finite number, was NaN"),
                arguments(
                        Map.of("when", Instant.EPOCH),
                        "properties.when: unsupported type java.time.Instant (use String, Number, Boolean, null, Map,"
                                + " List or an array)"),
                arguments(
                        Map.of("n", new AtomicLong(1)),
                        "properties.n: unsupported type java.util.concurrent.atomic.AtomicLong"),
                arguments(Map.of("c", 'c'), "properties.c: unsupported type java.lang.Character"),
                arguments(Map.of("o", new Object()), "properties.o: unsupported type java.lang.Object"),
                arguments(
                        Map.of("m", intKey),
                        "properties.m.7: keys must be Strings, found a key of type java.lang.Integer"),
                arguments(nullKeyHolder, "properties.m.null: keys must be Strings, found a key of type null"),
                arguments(
                        Map.of("s", "ok\ud800"),
                        "properties.s: must not contain a lone surrogate, found U+D800 at index 2"),
                arguments(Map.of("k\udc00", "v"), "properties[\"k\\uDC00\"]: key must not contain a lone surrogate"),
                arguments(
                        Map.of("a b.c", List.of(Map.of("x", new Object()))),
                        "properties[\"a b.c\"][0].x: unsupported type"),
                arguments(Map.of("", Float.NaN), "properties[\"\"]: must be a finite number"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badProperties")
    void rejectsBadPropertyValuesWithTheirPath(Map<String, ?> properties, String violation) {
        assertThat(onlyViolationOf(valid().properties(properties))).startsWith(violation);
    }

    @Test
    void rejectsAListHoldingSomethingOtherThanObjects() {
        List<Map<String, ?>> list = new ArrayList<>();
        list.add(Map.of("ok", 1));
        list.add(null);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Map<String, ?>> raw = (List) List.of(Map.of(), "text");

        assertThat(onlyViolationOf(valid().properties(list)))
                .isEqualTo("properties[1]: must be an object (a Map), was null");
        assertThat(onlyViolationOf(valid().properties(raw)))
                .isEqualTo("properties[1]: must be an object (a Map), was java.lang.String");
    }

    @Test
    void rejectsCyclesWithThePathThatClosesThem() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        root.put("list", list);
        list.add("x");
        list.add(root);
        Map<String, Object> self = new HashMap<>();
        self.put("me", self);
        Object[] array = new Object[1];
        array[0] = array;

        assertThat(onlyViolationOf(valid().properties(root)))
                .isEqualTo("properties.list[1]: refers back to an enclosing map or list (a cycle)");
        assertThat(onlyViolationOf(valid().properties(self)))
                .isEqualTo("properties.me: refers back to an enclosing map or list (a cycle)");
        assertThat(onlyViolationOf(valid().properties(Map.of("a", array))))
                .isEqualTo("properties.a[0]: refers back to an enclosing map or list (a cycle)");
    }

    @Test
    void acceptsTheSameListTwiceWhenItIsNoCycle() {
        List<String> shared = new ArrayList<>(List.of("a"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("one", shared);
        props.put("two", shared);
        props.put("nested", Map.of("three", shared));

        assertThat(valid().properties(props).build().properties())
                .contains(Map.of("one", List.of("a"), "two", List.of("a"), "nested", Map.of("three", List.of("a"))));
    }

    @Test
    void rejectsNestingDeeperThan32Levels() {
        Object deep = "leaf";
        for (int i = 0; i < 32; i++) {
            deep = List.of(deep);
        }
        assertThat(valid().properties(Map.of("d", deep)).build().properties()).isPresent();

        assertThat(onlyViolationOf(valid().properties(Map.of("d", List.of(deep)))))
                .startsWith("properties.d[0][0]")
                .endsWith(": nested deeper than 32 levels");
    }

    @Test
    void rejectsEventsLargerThan32KiB() {
        String big = "x".repeat(32 * 1024);

        assertThat(onlyViolationOf(valid().properties(Map.of("big", big))))
                .startsWith("properties: too large: the event must take at most 32768 bytes (32 KiB) of JSON");
        assertThat(onlyViolationOf(valid().properties(new HashMap<>(Map.of("big", big)))))
                .startsWith("properties: too large");
    }

    @Test
    void acceptsEventsJustUnder32KiB() {
        Conversion c =
                valid().properties(Map.of("big", "x".repeat(32 * 1024 - 200))).build();

        assertThat(c.encodedSize()).isLessThanOrEqualTo(32 * 1024);
        assertThat(ai.pagent.internal.WireFormat.toJson(c).length()).isEqualTo(c.encodedSize());
    }

    @Test
    void stopsWalkingHugePropertiesOnceTheyAreTooLarge() {
        List<Object> huge = Collections.nCopies(5_000_000, "xxxxxxxxxx");

        assertThat(onlyViolationOf(valid().properties(Map.of("huge", huge)))).endsWith("would take more");
    }

    @Test
    void listsTenPropertyViolationsAndCountsTheRest() {
        List<Double> nans = Collections.nCopies(100, Double.NaN);

        List<String> violations = violationsOf(valid().properties(Map.of("n", nans)));

        assertThat(violations).hasSize(11).last().isEqualTo("properties: 90 more violations not listed");
    }

    // ---- immutability --------------------------------------------------------------------------

    @Test
    void changingTheSourceAfterBuildChangesNothing() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        int[] numbers = {1, 2};
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("tags", tags);
        props.put("inner", inner);
        props.put("numbers", numbers);

        Conversion c = valid().properties(props).build();
        Object before = c.properties().orElseThrow();
        tags.add("b");
        inner.put("k2", "v2");
        numbers[0] = 99;
        props.put("added", true);

        assertThat(c.properties().orElseThrow())
                .isEqualTo(before)
                .isEqualTo(Map.of("tags", List.of("a"), "inner", Map.of("k", "v"), "numbers", List.of(1, 2)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void returnsUnmodifiablePropertiesAllTheWayDown() {
        Map<String, Object> props = new HashMap<>();
        props.put("list", new ArrayList<>(List.of(1)));
        props.put("map", new HashMap<>(Map.of("k", "v")));
        props.put("array", new String[] {"a"});
        Map<String, Object> copy = (Map<String, Object>)
                valid().properties(props).build().properties().orElseThrow();

        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) copy.get("list")).add(2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) copy.get("map")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) copy.get("array")).set(0, "b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsThePropertiesAsTheJsonItSends() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("plan", "pro");
        props.put("seats", 3);
        props.put("tags", List.of("a", "b\"c"));
        props.put("inner", Map.of("k", 1.5));

        Conversion c = valid().properties(props).build();

        assertThat(c.propertiesJson())
                .contains("{\"plan\":\"pro\",\"seats\":3,\"tags\":[\"a\",\"b\\\"c\"],\"inner\":{\"k\":1.5}}");
        assertThat(valid().build().propertiesJson()).isEmpty();
    }

    @Test
    void readsNumbersBackAsTheirTextSays() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("int", 7);
        props.put("long", 7L);
        props.put("big", 12_345_678_901L);
        props.put("float", 1.5f);
        props.put("cents", new BigDecimal("9.990"));
        props.put("huge", new BigInteger("123456789012345678901234567890"));

        Object back = valid().properties(props).build().properties().orElseThrow();

        assertThat(back)
                .isEqualTo(Map.of(
                        "int",
                        7,
                        "long",
                        7,
                        "big",
                        12_345_678_901L,
                        "float",
                        1.5,
                        "cents",
                        new BigDecimal("9.990"),
                        "huge",
                        new BigInteger("123456789012345678901234567890")));
    }

    @Test
    void copiesImmutableMapsThatHoldMutableValues() {
        List<String> mutable = new ArrayList<>(List.of("a"));
        Map<String, Object> props = Map.of("tags", mutable, "plan", "pro");

        Object copy = valid().properties(props).build().properties().orElseThrow();
        mutable.add("b");

        assertThat(copy).isNotSameAs(props).isEqualTo(Map.of("tags", List.of("a"), "plan", "pro"));
    }

    @Test
    void replacesBigNumberSubclassesWithPlainValues() {
        BigDecimal odd = new BigDecimal("1.50") {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                return "not a number";
            }
        };

        Object copy = ((Map<?, ?>) valid().properties(Map.of("d", odd))
                        .build()
                        .properties()
                        .orElseThrow())
                .get("d");

        assertThat(copy).isExactlyInstanceOf(BigDecimal.class).hasToString("1.50");
    }

    // ---- variables, equality, toString ---------------------------------------------------------

    @Test
    void copiesIdsFromTheBrowsersVariables() {
        PagentVariables v = PagentVariables.of(SESSION, USER, "visit-1", GOAL);

        Conversion c = Conversion.builder().variables(v).build();

        assertThat(c.sessionId()).isEqualTo(SESSION);
        assertThat(c.userId()).isEqualTo(USER);
        assertThat(c.conversionId()).isEqualTo(GOAL);
    }

    @Test
    void variablesWithoutAGoalLeaveTheConversionIdToBeSetExplicitly() {
        PagentVariables noGoal = PagentVariables.of(SESSION, USER, null, null);

        assertThat(onlyViolationOf(Conversion.builder().variables(noGoal))).isEqualTo("conversion_id: is required");
        assertThat(Conversion.builder()
                        .conversionId(GOAL)
                        .variables(noGoal)
                        .build()
                        .conversionId())
                .isEqualTo(GOAL);
        assertThat(Conversion.builder()
                        .variables(noGoal)
                        .conversionId(GOAL)
                        .build()
                        .conversionId())
                .isEqualTo(GOAL);
    }

    @Test
    void equalEventsAreEqualAndHashAlike() {
        Conversion a = valid().label("l")
                .revenueCents(1)
                .properties(Map.of("k", "v"))
                .timeMillis(1_767_323_045_678L)
                .build();
        Conversion b = valid().label("l")
                .revenueCents(1)
                .properties(new HashMap<>(Map.of("k", "v")))
                .timeMillis(1_767_323_045_678L)
                .build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.toBuilder().revenueCents(2).build());
        assertThat(a).isNotEqualTo(a.toBuilder().revenue(null).build());
        assertThat(a).isNotEqualTo(a.toBuilder().label(null).build());
        assertThat(a).isNotEqualTo(a.toBuilder().timeMillis(1_767_323_045_679L).build());
        assertThat(a.toBuilder().build()).isEqualTo(a);
    }

    @Test
    void toStringShowsIdsAndCountsPropertiesWithoutTheirValues() {
        Conversion c = valid().label("checkout")
                .revenueCents(999)
                .properties(Map.of("secret-ish", "value"))
                .timeMillis(1_767_323_045_678L)
                .build();

        assertThat(c.toString())
                .isEqualTo("Conversion{session_id=s-4f1c2d, user_id=u-99a1, conversion_id=" + GOAL
                        + ", label=checkout, revenue=999, properties=22 bytes, time=2026-01-02T03:04:05.678Z}")
                .doesNotContain("value");
    }

    @Test
    void canBuildMoreThanOnceWithoutSharingTheStamp() {
        Conversion.Builder builder = valid();

        Conversion first = builder.build();
        Conversion second = builder.build();

        assertThat(second.timeMillis()).isGreaterThanOrEqualTo(first.timeMillis());
        assertThat(builder.timeMillis(Conversion.MIN_TIME_MILLIS).build().timeMillis())
                .isEqualTo(Conversion.MIN_TIME_MILLIS);
    }
}
