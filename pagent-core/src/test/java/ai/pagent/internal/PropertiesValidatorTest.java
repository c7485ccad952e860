package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PropertiesValidatorTest {
    static String encode(Object properties) {
        PropertiesValidator v = new PropertiesValidator(32 * 1024);
        String json = v.encode(properties);
        assertThat(v.violations()).isNull();
        assertThat(v.overBudget()).isFalse();
        assertThat(v.encodedSize()).isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        return json;
    }

    @Test
    void writesPricesAsDoubleToStringDoesForEveryCentUpToTwoThousand() {
        for (long cents = -200_000; cents <= 200_000; cents++) {
            double d = (double) cents / 100;
            String json = encode(Map.of("p", d));
            if (!json.equals("{\"p\":" + d + "}")) {
                assertThat(json).as("cents %d", cents).isEqualTo("{\"p\":" + d + "}");
            }
        }
    }

    @Test
    void writesLargeSmallAndNegativeZeroDoublesAsDoubleToString() {
        for (double d : new double[] {
            0.0,
            -0.0,
            1e7,
            9_999_999.5,
            1234567.89,
            0.5,
            -0.01,
            9_999_999.99,
            -9_999_999.99,
            1e-3,
            0.01,
            0.001,
            1.005,
            0.1 + 0.2,
            1e300,
            4.9e-324,
            123.456
        }) {
            assertThat(encode(Map.of("p", d))).isEqualTo("{\"p\":" + d + "}");
        }
    }

    @Property
    void writesAnyFiniteDoubleAsDoubleToString(@ForAll double d) {
        if (Double.isFinite(d)) {
            assertThat(encode(Map.of("p", d))).isEqualTo("{\"p\":" + d + "}");
        }
    }

    @Property
    void writesLongsAsLongToString(@ForAll long n, @ForAll int i, @ForAll short s, @ForAll byte b) {
        assertThat(encode(Map.of("n", n))).isEqualTo("{\"n\":" + n + "}");
        assertThat(encode(Map.of("i", i))).isEqualTo("{\"i\":" + i + "}");
        assertThat(encode(Map.of("s", s))).isEqualTo("{\"s\":" + s + "}");
        assertThat(encode(Map.of("b", b))).isEqualTo("{\"b\":" + b + "}");
    }

    @Test
    void writesEveryKindOfValueWithItsExactSize() {
        assertThat(encode(Map.of("a", new int[] {1, -2}))).isEqualTo("{\"a\":[1,-2]}");
        assertThat(encode(Map.of("a", new long[] {Long.MIN_VALUE}))).isEqualTo("{\"a\":[-9223372036854775808]}");
        assertThat(encode(Map.of("a", new short[] {3}))).isEqualTo("{\"a\":[3]}");
        assertThat(encode(Map.of("a", new byte[] {-4}))).isEqualTo("{\"a\":[-4]}");
        assertThat(encode(Map.of("a", new boolean[] {true, false}))).isEqualTo("{\"a\":[true,false]}");
        assertThat(encode(Map.of("a", new float[] {1.5f}))).isEqualTo("{\"a\":[1.5]}");
        assertThat(encode(Map.of("a", new double[] {}))).isEqualTo("{\"a\":[]}");
        assertThat(encode(Map.of("a", new char[] {'h', '"'}))).isEqualTo("{\"a\":\"h\\\"\"}");
        assertThat(encode(Map.of("a", new Object[] {null, "x"}))).isEqualTo("{\"a\":[null,\"x\"]}");
        assertThat(encode(Map.of("a", true))).isEqualTo("{\"a\":true}");
        assertThat(encode(Map.of("a", false))).isEqualTo("{\"a\":false}");
        assertThat(encode(Map.of("\b\t\n\f\r\u0001\u001f\"\\/", "é€\uD83D\uDE00\u007f")))
                .isEqualTo("{\"\\b\\t\\n\\f\\r\\u0001\\u001F\\\"\\\\/\":\"é€\uD83D\uDE00\u007f\"}");
    }

    @Test
    void stopsOneByteBeyondTheBudget() {
        // {"k":"xxx"} is 11 bytes
        PropertiesValidator fits = new PropertiesValidator(11);
        fits.encode(Map.of("k", "xxx"));
        assertThat(fits.overBudget()).isFalse();
        assertThat(fits.encodedSize()).isEqualTo(11);

        PropertiesValidator over = new PropertiesValidator(10);
        over.encode(Map.of("k", "xxx"));
        assertThat(over.overBudget()).isTrue();
        assertThat(over.encodedSize()).isGreaterThan(10);
    }

    @Test
    void aHugeStringIsNotCopiedBeyondTheBudget() {
        PropertiesValidator v = new PropertiesValidator(100);
        String json = v.encode(Map.of("k", "x".repeat(10_000_000)));

        assertThat(v.overBudget()).isTrue();
        assertThat(json.length()).isLessThan(200);
    }

    @Test
    void aThreadsValidatorIsLentOnceAtATimeAndForgetsTheLastWalk() {
        PropertiesValidator first = PropertiesValidator.acquire(100);
        PropertiesValidator nested = PropertiesValidator.acquire(100);
        assertThat(nested).as("a fresh one while the thread's is lent").isNotSameAs(first);
        first.encode(Map.of("bad", new Object()));
        assertThat(first.violations()).hasSize(1);
        first.release();
        nested.release();

        PropertiesValidator again = PropertiesValidator.acquire(100);
        assertThat(again).as("the thread's, lent again").isSameAs(first);
        assertThat(again.encode(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
        assertThat(again.violations()).as("no violation of the last walk").isNull();
        assertThat(again.encodedSize()).isEqualTo(9);
        again.release();
    }

    @Test
    void aReusedValidatorHasTheNewBudgetAndDropsABufferGrownForALargeEvent() {
        PropertiesValidator large = PropertiesValidator.acquire(32 * 1024);
        large.encode(Map.of("k", "x".repeat(20_000)));
        assertThat(large.overBudget()).isFalse();
        large.release();

        PropertiesValidator small = PropertiesValidator.acquire(10);
        small.encode(Map.of("k", "xxx")); // 11 bytes
        assertThat(small.overBudget())
                .as("the budget of this walk, not the last")
                .isTrue();
        small.release();
        PropertiesValidator next = PropertiesValidator.acquire(11);
        assertThat(next.encode(Map.of("k", "xxx"))).isEqualTo("{\"k\":\"xxx\"}");
        assertThat(next.overBudget()).isFalse();
        next.release();
    }

    @Test
    void aTextGrownPastTheKeptCapacityIsNotKept() {
        JsonText text = new JsonText(32 * 1024);
        text.writeString("x".repeat(10_000));
        assertThat(text.capacity()).isGreaterThan(JsonText.KEPT_CAPACITY);
        text.reset(100);
        assertThat(text.capacity()).isLessThanOrEqualTo(JsonText.KEPT_CAPACITY);
        assertThat(text.text()).isEmpty();
        assertThat(text.bytes()).isZero();
        assertThat(text.overBudget()).isFalse();

        JsonText small = new JsonText(100);
        small.writeString("y".repeat(500));
        int kept = small.capacity();
        small.reset(100);
        assertThat(small.capacity()).as("a small buffer is kept").isEqualTo(kept);
    }

    /** Short and long strings of plain ASCII, characters to escape, other scripts and surrogates. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.chars().range(' ', '~')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u0000', '\u001f')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of('"', '\\', '\u007f', 'é', '€', '\ud83d', '\ude00')));
        return chars.list().ofMaxSize(80).map(list -> {
            StringBuilder sb = new StringBuilder(list.size());
            list.forEach(sb::append);
            return sb.toString();
        });
    }

    @Property(tries = 500)
    void writesEveryKeyAndStringAsJacksonDoesWithItsExactSize(
            @ForAll("texts") String key, @ForAll("texts") String value) throws Exception {
        boolean surrogatesPaired = pairedSurrogates(key) && pairedSurrogates(value);
        PropertiesValidator v = new PropertiesValidator(32 * 1024);
        String json = v.encode(Map.of(key, value));
        if (!surrogatesPaired) {
            assertThat(v.violations()).isNotNull();
            return;
        }
        StringWriter expected = new StringWriter();
        try (JsonGenerator g = JsonFactories.SHARED.createGenerator(expected)) {
            g.writeStartObject();
            g.writeStringField(key, value);
            g.writeEndObject();
        }
        assertThat(v.violations()).isNull();
        assertThat(json).isEqualTo(expected.toString());
        assertThat(v.encodedSize()).isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void aPlainStringThatFillsTheBudgetExactlyFitsAndOneMoreByteDoesNot() {
        for (int length = 0; length <= 70; length++) { // both sides of the short-string copy's limit
            String value = "v".repeat(length);
            int size = "{\"k\":\"\"}".length() + length;
            PropertiesValidator fits = new PropertiesValidator(size);
            assertThat(fits.encode(Map.of("k", value))).hasSize(size);
            assertThat(fits.overBudget()).as("length %d", length).isFalse();
            assertThat(fits.encodedSize()).isEqualTo(size);

            PropertiesValidator over = new PropertiesValidator(size - 1);
            over.encode(Map.of("k", value));
            assertThat(over.overBudget()).as("length %d", length).isTrue();
        }
    }

    private static boolean pairedSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
