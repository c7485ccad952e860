package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.pagent.internal.WireFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final long TIME = 1_767_323_045_678L;

    static Conversion.Builder event() {
        return Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId(GOAL)
                .timeMillis(TIME);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void encodesABatchWithWireNames() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("plan", "pro");
        props.put("seats", 3);
        props.put("n", null);
        Conversion full =
                event().label("checkout").revenueCents(999).properties(props).build();
        Conversion minimal = event().build();

        byte[] body = WireFormat.encodeBatch(List.of(full, minimal));

        assertThat(utf8(body))
                .isEqualTo("{\"events\":[{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"" + GOAL
                        + "\",\"label\":\"checkout\",\"revenue\":999,\"properties\":{\"plan\":\"pro\",\"seats\":3,"
                        + "\"n\":null},\"time\":" + TIME
                        + "},{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\""
                        + GOAL + "\",\"time\":" + TIME + "}]}");
    }

    @Test
    void writesOneEventAloneForLogs() {
        Conversion c =
                event().revenueCents(0).properties(List.of(Map.of("a", 1))).build();

        assertThat(WireFormat.toJson(c))
                .isEqualTo("{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"" + GOAL
                        + "\",\"revenue\":0,\"properties\":[{\"a\":1}],\"time\":" + TIME + "}");
    }

    @Test
    void writesAnEventIntoAGivenGenerator() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            WireFormat.writeEvent(g, event().build());
        }

        assertThat(JsonTree.parse(out.toByteArray())).isEqualTo(JsonTree.parse(WireFormat.toJson(event().build())));
    }

    @Test
    void streamsABatchWithoutClosingTheTarget() {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };

        WireFormat.writeBatch(out, List.of(event().build()));

        assertThat(out.toByteArray()).isEqualTo(WireFormat.encodeBatch(List.of(event().build())));
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                arguments("quote \" here", "\"quote \\\" here\""),
                arguments("back\\slash", "\"back\\\\slash\""),
                arguments("</script>", "\"</script>\""),
                arguments("tab\tnew\nline\rcr\bff\f", "\"tab\\tnew\\nline\\rcr\\bff\\f\""),
                arguments("nul\u0000bell\u0007esc\u001b", "\"nul\\u0000bell\\u0007esc\\u001B\""),
                arguments("del\u007f c1\u0085 ls\u2028", "\"del\u007f c1\u0085 ls\u2028\""),
                arguments("é € 日本", "\"é € 日本\""));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void escapesStringsAsJsonRequires(String value, String json) {
        Conversion c = event().properties(Map.of("v", value)).build();

        assertThat(WireFormat.toJson(c)).contains("\"properties\":{\"v\":" + json + "}");
        assertThat(utf8(WireFormat.encodeBatch(List.of(c)))).contains("\"properties\":{\"v\":" + json + "}");
        assertThat(JsonTree.events(WireFormat.encodeBatch(List.of(c))).get(0).get("properties"))
                .isEqualTo(Map.of("v", value));
    }

    @Test
    void writesCharactersOutsideTheBmpAsFourByteUtf8() {
        String emoji = "\uD83D\uDE00"; // U+1F600
        Conversion c =
                event().label("a" + emoji).properties(Map.of(emoji, emoji)).build();

        byte[] body = WireFormat.encodeBatch(List.of(c));

        byte[] utf8Emoji = {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80};
        assertThat(indexOf(body, utf8Emoji)).isNotNegative();
        assertThat(utf8(body)).doesNotContain("\\u").contains("\"label\":\"a" + emoji + "\"");
        assertThat(JsonTree.events(body).get(0)).containsEntry("properties", Map.of(emoji, emoji));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void writesNumbersExactly() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("long", Long.MAX_VALUE);
        props.put("double", 0.1);
        props.put("float", 1.5f);
        props.put("decimal", new BigDecimal("12345678901234567890.123456789"));
        props.put("big", new BigInteger("-123456789012345678901234567890"));
        props.put("tiny", 4.9e-324);

        String json = WireFormat.toJson(event().properties(props).build());

        assertThat(json)
                .contains(
                        "{\"long\":9223372036854775807,\"double\":0.1,\"float\":1.5,"
                                + "\"decimal\":12345678901234567890.123456789,\"big\":-123456789012345678901234567890,\"tiny\":4.9E-324}");
    }

    @Test
    void encodesAnEmptyBatchAsAnEmptyArray() {
        assertThat(utf8(WireFormat.encodeBatch(List.of()))).isEqualTo("{\"events\":[]}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"accepted\": 1}| 1",
                "{\"accepted\":100}| 100",
                "{\"accepted\":0}| 0",
                "  {\"note\":\"x\",\"accepted\":2,\"more\":{\"a\":[1,{}]}}  | 2",
                "{\"accepted\":2147483647}| 2147483647"
            })
    void readsTheAcceptedCount(String body, int accepted) {
        assertThat(WireFormat.readAccepted(body.getBytes(StandardCharsets.UTF_8)))
                .hasValue(accepted);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "null",
                "1",
                "[1]",
                "\"accepted\"",
                "{}",
                "{\"accepted\":null}",
                "{\"accepted\":\"1\"}",
                "{\"accepted\":1.0}",
                "{\"accepted\":-1}",
                "{\"accepted\":2147483648}",
                "{\"accepted\":99999999999999999999999}",
                "{\"accepted\":1",
                "{\"accepted\":1}}",
                "{\"accepted\":1} {}",
                "{\"accepted\":1,\"accepted\":2}",
                "{accepted:1}",
                "<html><body>502 Bad Gateway</body></html>",
                "\u0000\u0001\u0002"
            })
    void readsNoAcceptedCountFromAnythingElse(String body) {
        assertThat(WireFormat.readAccepted(body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(OptionalInt.empty());
    }

    @Test
    void readsTheErrorText() {
        assertThat(WireFormat.readError(
                        "{\"error\":\"conversion_id must not be null\"}".getBytes(StandardCharsets.UTF_8)))
                .contains("conversion_id must not be null");
        assertThat(WireFormat.readError(
                        "{\"code\":7,\"error\":\"bad \\\"key\\\" \\u00e9\",\"x\":[]}".getBytes(StandardCharsets.UTF_8)))
                .contains("bad \"key\" é");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "{\"error\":null}",
                "{\"error\":42}",
                "{\"error\":{\"message\":\"x\"}}",
                "{\"error\":\"x\"",
                "{\"error\":\"x\"} trailing",
                "[\"error\"]",
                "Service Unavailable"
            })
    void readsNoErrorTextFromAnythingElse(String body) {
        assertThat(WireFormat.readError(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void neverThrowsOnRandomBytes() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            assertThat(WireFormat.readAccepted(garbage)).isNotNull();
            assertThat(WireFormat.readError(garbage)).isNotNull();
        }
        assertThat(WireFormat.readAccepted(null)).isEmpty();
        assertThat(WireFormat.readError(null)).isEmpty();
    }
}
