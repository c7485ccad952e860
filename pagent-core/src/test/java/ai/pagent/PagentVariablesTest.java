package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PagentVariablesTest {
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final String BROWSER_JSON =
            "{\"session_id\":\"s-1\",\"user_id\":\"u-1\",\"visit_id\":\"v-1\",\"conversion_id\":\"" + GOAL + "\"}";

    @Test
    void readsTheObjectTheBrowserSends() {
        PagentVariables v = PagentVariables.fromJson(BROWSER_JSON);

        assertThat(v).isEqualTo(new PagentVariables("s-1", "u-1", "v-1", GOAL));
        assertThat(PagentVariables.tryParse(BROWSER_JSON)).contains(v);
    }

    @Test
    void readsANullConversionIdWhenNoGoalMatched() {
        String json =
                "{ \"session_id\": \"s-1\", \"user_id\": \"u-1\", \"visit_id\": \"v-1\", \"conversion_id\": null }";

        assertThat(PagentVariables.fromJson(json).conversionId()).isNull();
    }

    @Test
    void ignoresUnknownKeysAndAbsentOptionalOnes() {
        String json = "{\"extra\":{\"nested\":[1,2,{}]},\"session_id\":\"s\",\"user_id\":\"u\",\"n\":1.5}";

        assertThat(PagentVariables.fromJson(json)).isEqualTo(new PagentVariables("s", "u", null, null));
    }

    @Test
    void writesJsonThatReadsBack() {
        PagentVariables v = new PagentVariables("s \"quoted\" \\ é \uD83D\uDE00", "u", null, GOAL);

        assertThat(v.toJson())
                .isEqualTo(
                        "{\"session_id\":\"s \\\"quoted\\\" \\\\ é \uD83D\uDE00\",\"user_id\":\"u\",\"visit_id\":null,"
                                + "\"conversion_id\":\"" + GOAL + "\"}");
        assertThat(PagentVariables.fromJson(v.toJson())).isEqualTo(v);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''| must be an object",
                "[]| must be an object",
                "\"s\"| must be an object",
                "{| malformed",
                "{\"session_id\":\"s\",\"user_id\":\"u\"} x| malformed",
                "{\"session_id\":\"s\",\"user_id\":\"u\"}{}| single object",
                "{\"session_id\":1,\"user_id\":\"u\"}| session_id: must be a string, was a number",
                "{\"session_id\":\"s\",\"user_id\":true}| user_id: must be a string, was a boolean",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"visit_id\":[]}| visit_id: must be a string, was an array",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":{}}| conversion_id: must be a string, was an object",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"abc\"}| conversion_id: must be a UUID",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"\"}| conversion_id: must not be empty",
                "{\"session_id\":\"s\"}| user_id: is required",
                "{\"session_id\":null,\"user_id\":\"u\"}| session_id: is required",
                "{\"session_id\":\"a\\u0000b\",\"user_id\":\"u\"}| session_id: must not contain control characters",
                "{\"session_id\":\"\\ud800\",\"user_id\":\"u\"}| session_id: must not contain a lone surrogate",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"session_id\":\"t\"}| session_id: appears more than once",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"user_id\":\"u\"}| user_id: appears more than once",
                "{\"visit_id\":null,\"session_id\":\"s\",\"user_id\":\"u\",\"visit_id\":\"v\"}| visit_id: appears more than once",
                "{\"conversion_id\":null,\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":null}| conversion_id: appears more than once",
                "{\"session_id\":1.5,\"user_id\":\"u\"}| session_id: must be a string, was a number",
                "{\"session_id\":\"s\",\"user_id\":false}| user_id: must be a string, was a boolean",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"visit_id\":\" \"}| visit_id: must not be blank"
            })
    void rejectsInvalidJsonNamingTheProblem(String json, String problem) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PagentVariables.fromJson(json))
                .withMessageContaining(problem.strip());
        assertThat(PagentVariables.tryParse(json)).isEmpty();
    }

    @Test
    void anUnknownKeyMayRepeatAndHoldAnything() {
        String json = "{\"x\":1,\"session_id\":\"s\",\"x\":[{\"session_id\":\"t\"}],\"user_id\":\"u\",\"x\":null}";

        assertThat(PagentVariables.fromJson(json)).isEqualTo(new PagentVariables("s", "u", null, null));
    }

    @Test
    void doesNotEchoMalformedInput() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PagentVariables.fromJson("{\"session_id\": secret-looking-garbage"))
                .withMessage("variables JSON is malformed at line 1, column 16")
                .withNoCause();
    }

    @Test
    void parsesNothingLongerThan2KiB() {
        String padding = "x".repeat(2048);
        String longJson = "{\"session_id\":\"s\",\"user_id\":\"u\",\"pad\":\"" + padding + "\"}";
        String justFits = "{\"session_id\":\"s\",\"user_id\":\"u\",\"pad\":\""
                + "x".repeat(2048 - "{\"session_id\":\"s\",\"user_id\":\"u\",\"pad\":\"\"}".length()) + "\"}";

        assertThat(justFits).hasSize(2048);
        assertThat(PagentVariables.tryParse(justFits)).isPresent();
        assertThat(PagentVariables.tryParse(longJson)).isEmpty();
        assertThat(PagentVariables.fromJson(longJson).sessionId()).isEqualTo("s");
    }

    @Test
    void parsesNothingFromNull() {
        assertThat(PagentVariables.tryParse((String) null)).isEmpty();
    }

    @Test
    void strictEntryPointsRejectNullWithTheDocumentedException() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PagentVariables.fromJson(null))
                .withMessage("variables JSON is required, was null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PagentVariables.parse(null))
                .withMessage("variables JSON is required, was null");
    }

    @Test
    void parseIsStrictLikeFromJson() {
        assertThat(PagentVariables.parse(BROWSER_JSON)).isEqualTo(PagentVariables.fromJson(BROWSER_JSON));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PagentVariables.parse("{\"session_id\":\"s\"}"))
                .withMessage("user_id: is required");
    }

    @Test
    void buildsFromIndividualValues() {
        assertThat(PagentVariables.tryParse("s", "u", "v", GOAL)).contains(new PagentVariables("s", "u", "v", GOAL));
        assertThat(PagentVariables.tryParse("s", "u", null, null)).contains(new PagentVariables("s", "u", null, null));
    }

    @Test
    void treatsBlankIndividualValuesAsAbsent() {
        assertThat(PagentVariables.tryParse("s", "u", "", " ")).contains(new PagentVariables("s", "u", null, null));
        assertThat(PagentVariables.tryParse(" ", "u", "v", GOAL)).isEmpty();
        assertThat(PagentVariables.tryParse("s", "", "v", GOAL)).isEmpty();
        assertThat(PagentVariables.tryParse(null, null, null, null)).isEmpty();
    }

    @Test
    void keepsNothingWhenAnIndividualValueIsInvalid() {
        assertThat(PagentVariables.tryParse("s", "u", "v", "not-a-uuid")).isEmpty();
        assertThat(PagentVariables.tryParse("s\n", "u", null, null)).isEmpty();
        assertThat(PagentVariables.tryParse("s", "u", "v\u0000", null)).isEmpty();
        assertThat(PagentVariables.tryParse("x".repeat(257), "u", null, null)).isEmpty();
    }

    @Test
    void neverHoldsInvalidValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PagentVariables(null, "", "v\n", "abc"))
                .withMessage("session_id: is required; user_id: must not be empty; "
                        + "visit_id: must not contain control characters, found U+000A at index 1; "
                        + "conversion_id: must be a UUID (8-4-4-4-12 hex), was \"abc\"");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PagentVariables.of("s", "u", null, "1-1-1-1-1"))
                .withMessageStartingWith("conversion_id: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7D444840-9DC0-11D1-B245-5FFDCE74FAD2", "00000000-0000-0000-0000-000000000000"})
    void acceptsUuidsInAnyCase(String uuid) {
        assertThat(PagentVariables.of("s", "u", null, uuid).conversionId()).isEqualTo(uuid);
    }

    @Test
    void namesTheRequestAttribute() {
        assertThat(PagentVariables.ATTRIBUTE).isEqualTo("ai.pagent.PagentVariables");
    }
}
