package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.pagent.internal.WireFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 32 KiB limit of one event is exact for every kind of property value (DESIGN: "serialized
 * size of one event at most 32 KiB"): an event of 32 767 or 32 768 bytes is built, one of 32 769
 * is refused, and {@link Conversion#encodedSize()} is the size of what is sent, whatever the last
 * value is. Each value is also written as Jackson writes it.
 */
class EventSizeLimitTest {
    static final int LIMIT = 32 * 1024;
    static final long TIME = 1_767_323_045_678L;

    static Stream<Arguments> values() {
        return Stream.of(
                arguments(0, "0"),
                arguments(-1, "-1"),
                arguments(Integer.MIN_VALUE, "-2147483648"),
                arguments(Long.MIN_VALUE, "-9223372036854775808"),
                arguments(Long.MAX_VALUE, "9223372036854775807"),
                arguments(1_000_000_000_000L, "1000000000000"),
                arguments((short) -32768, "-32768"),
                arguments((byte) -128, "-128"),
                arguments(true, "true"),
                arguments(false, "false"),
                arguments(null, "null"),
                arguments(1.5, "1.5"),
                arguments(9.99, "9.99"),
                arguments(-1234567.8, "-1234567.8"),
                arguments(0.1 + 0.2, "0.30000000000000004"),
                arguments(1e300, "1.0E300"),
                arguments(1e7, "1.0E7"),
                arguments(-1e7, "-1.0E7"),
                arguments(9_999_999.99, "9999999.99"),
                arguments(-9_999_999.99, "-9999999.99"),
                arguments(1e-4, "1.0E-4"),
                arguments(-0.0, "-0.0"),
                arguments(1.5f, "1.5"),
                arguments(Float.MIN_VALUE, "1.4E-45"),
                arguments(new BigDecimal("9.990"), "9.990"),
                arguments(new BigDecimal("-1E+308"), "-1E+308"),
                arguments(BigInteger.TEN.pow(50), "1" + "0".repeat(50)),
                arguments("", "\"\""),
                arguments("\u007F\u0080\u07FF\u0800\uFFFF", "\"\u007F\u0080\u07FF\u0800\uFFFF\""),
                arguments("\u0001\b\"\\é€\uD83D\uDE00", "\"\\u0001\\b\\\"\\\\é€\uD83D\uDE00\""),
                arguments(new int[] {1, -2, Integer.MIN_VALUE}, "[1,-2,-2147483648]"),
                arguments(new long[] {Long.MIN_VALUE, 0}, "[-9223372036854775808,0]"),
                arguments(new short[] {-1, 300}, "[-1,300]"),
                arguments(new byte[] {-128, 127}, "[-128,127]"),
                arguments(new boolean[] {true, false, true}, "[true,false,true]"),
                arguments(new double[] {1.5, -0.0, 1e-7, 100}, "[1.5,-0.0,1.0E-7,100.0]"),
                arguments(new float[] {1.5f, -2f}, "[1.5,-2.0]"),
                arguments(new char[] {'a', 'é', '"'}, "\"aé\\\"\""),
                arguments(new int[0], "[]"),
                arguments(new Object[] {null, 1, "x"}, "[null,1,\"x\"]"),
                arguments(List.of(), "[]"),
                arguments(Map.of(), "{}"),
                arguments(List.of(Map.of("k", List.of(true, 2L))), "[{\"k\":[true,2]}]"),
                arguments(Arrays.asList(1, null, 2.5), "[1,null,2.5]"));
    }

    static Conversion.Builder event(@Nullable Object value, int padding) {
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        properties.put("pad", "x".repeat(padding));
        properties.put("v", value);
        return Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId("7d444840-9dc0-11d1-b245-5ffdce74fad2")
                .timeMillis(TIME)
                .properties(properties);
    }

    static int sentBytes(Conversion c) {
        return WireFormat.toJson(c).getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("values")
    void everyValueIsWrittenAsJacksonWritesItAndSizedExactly(@Nullable Object value, String json) {
        Conversion small = event(value, 0).build();

        assertThat(small.propertiesJson()).contains("{\"pad\":\"\",\"v\":" + json + "}");
        assertThat(small.encodedSize()).isEqualTo(sentBytes(small));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("values")
    void theLimitIsExactWhateverTheLastValueIs(@Nullable Object value, String json) {
        int base = sentBytes(event(value, 0).build());
        int toLimit = LIMIT - base;

        Conversion below = event(value, toLimit - 1).build();
        assertThat(below.encodedSize()).isEqualTo(LIMIT - 1).isEqualTo(sentBytes(below));

        Conversion at = event(value, toLimit).build();
        assertThat(at.encodedSize()).isEqualTo(LIMIT).isEqualTo(sentBytes(at));
        assertThat(at.toBuilder().build().encodedSize()).as("a copy").isEqualTo(LIMIT);

        assertThat(ConversionTest.onlyViolationOf(event(value, toLimit + 1)))
                .isEqualTo("properties: too large: the event must take at most 32768 bytes (32 KiB) of JSON, and would"
                        + " take more");
    }

    @org.junit.jupiter.api.Test
    void numbersAreWrittenWholeWhereverTheyFallInTheText() {
        // the text grows as it is written: a number may start at any offset of its buffer
        for (int n = 0; n <= 600; n++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("s", "x".repeat(n));
            properties.put("p", 1234567.89);
            properties.put("l", Long.MIN_VALUE + 1);
            properties.put("i", -123_456_789);
            properties.put("b", false);

            Conversion c = event(null, 0).properties(properties).build();

            assertThat(c.propertiesJson())
                    .as("after %d characters", n)
                    .contains("{\"s\":\"" + "x".repeat(n)
                            + "\",\"p\":1234567.89,\"l\":-9223372036854775807,\"i\":-123456789,\"b\":false}");
            assertThat(c.encodedSize()).isEqualTo(sentBytes(c));
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("values")
    void theLimitIsExactWhenTheValueComesFirst(@Nullable Object value, String json) {
        // the value written before a long string: the string is what crosses the limit
        Map<String, @Nullable Object> first = new LinkedHashMap<>();
        first.put("v", value);
        first.put("pad", "");
        int base = sentBytes(event(null, 0).properties(first).build());

        first.put("pad", "x".repeat(LIMIT - base));
        Conversion at = event(null, 0).properties(first).build();
        assertThat(at.encodedSize()).isEqualTo(LIMIT).isEqualTo(sentBytes(at));

        first.put("pad", "x".repeat(LIMIT - base + 1));
        assertThat(ConversionTest.onlyViolationOf(event(null, 0).properties(first)))
                .startsWith("properties: too large");
    }
}
