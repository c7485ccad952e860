package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of {@link VariableCarriers.Builder#build()}: header names are HTTP tokens (RFC 9110
 * §5.6.2), parameter names have no character that would end or encode a form field, both at most
 * 128 characters, no name used twice; every refusal names the setting and shows the name escaped.
 */
class CarrierNameRulesTest {
    static Stream<String> headerSettings() {
        return Stream.of("jsonHeader", "sessionIdHeader", "userIdHeader", "visitIdHeader", "conversionIdHeader");
    }

    static Stream<String> parameterSettings() {
        return Stream.of(
                "jsonParameter", "sessionIdParameter", "userIdParameter", "visitIdParameter", "conversionIdParameter");
    }

    static BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder> setter(String setting) {
        switch (setting) {
            case "jsonHeader":
                return VariableCarriers.Builder::jsonHeader;
            case "sessionIdHeader":
                return VariableCarriers.Builder::sessionIdHeader;
            case "userIdHeader":
                return VariableCarriers.Builder::userIdHeader;
            case "visitIdHeader":
                return VariableCarriers.Builder::visitIdHeader;
            case "conversionIdHeader":
                return VariableCarriers.Builder::conversionIdHeader;
            case "jsonParameter":
                return VariableCarriers.Builder::jsonParameter;
            case "sessionIdParameter":
                return VariableCarriers.Builder::sessionIdParameter;
            case "userIdParameter":
                return VariableCarriers.Builder::userIdParameter;
            case "visitIdParameter":
                return VariableCarriers.Builder::visitIdParameter;
            default:
                return VariableCarriers.Builder::conversionIdParameter;
        }
    }

    static VariableCarriers build(String setting, String name) {
        return setter(setting).apply(VariableCarriers.builder(), name).build();
    }

    @ParameterizedTest
    @MethodSource("headerSettings")
    void aHeaderNameIsAnyHttpToken(String setting) {
        // each character class at both of its ends, and every punctuation mark a token allows
        for (String name : List.of("a", "z", "A", "Z", "0", "9", "!#$%&'*+-.^_`|~", "x".repeat(128))) {
            assertThat(build(setting, name).headerNames()).as(name).contains(name);
        }
    }

    @ParameterizedTest
    @MethodSource("headerSettings")
    void aHeaderNameWithAnythingElseIsRefused(String setting) {
        // the neighbours of the letter and digit ranges, separators, non-ASCII
        for (String bad : List.of("@", "[", "{", "/", ":", "a\"b", "a(b", "a,b", "a;b", "a=b", "é", "a\u0000b")) {
            assertThatThrownBy(() -> build(setting, bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid VariableCarriers: " + setting
                            + " must be an HTTP header name (letters, digits, - and !#$%&'*+.^_`|~, at most 128), got");
        }
    }

    @ParameterizedTest
    @MethodSource("parameterSettings")
    void aParameterNameIsRefusedForEachCharacterThatEndsOrEncodesAFormField(String setting) {
        for (String bad : List.of(
                "a&b", "a=b", "a#b", "a%b", "a+b", "a b", "a\u2003b", "a\tb", "a\u0000b", "a\u0085b", " ", "")) {
            assertThatThrownBy(() -> build(setting, bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid VariableCarriers: " + setting
                            + " must be a parameter name without spaces, control characters or &=#%+ (at most 128),"
                            + " got");
        }
    }

    @ParameterizedTest
    @MethodSource("parameterSettings")
    void aParameterNameMayBeAnyOtherText(String setting) {
        for (String name : List.of("p", "x".repeat(128), "pgnt[session]", "é-ü.ß", "a*b!c", "a:b/c?d")) {
            assertThat(build(setting, name).parameterNames()).as(name).contains(name);
        }
        assertThatThrownBy(() -> build(setting, "x".repeat(129))).hasMessageContaining(setting + " must be");
    }

    @Test
    void aRefusedNameIsShownEscapedAndCut() {
        assertThatThrownBy(() ->
                        VariableCarriers.builder().jsonHeader("a\nb\u0001").build())
                .hasMessage("invalid VariableCarriers: jsonHeader must be an HTTP header name (letters, digits, - and"
                        + " !#$%&'*+.^_`|~, at most 128), got \"a\\u000ab\\u0001\"");
        assertThatThrownBy(() -> VariableCarriers.builder()
                        .jsonParameter("é".repeat(65) + "&")
                        .build())
                .as("64 code points at most")
                .hasMessageEndingWith("got \"" + "é".repeat(64) + "\"");
        assertThatThrownBy(() -> VariableCarriers.builder()
                        .jsonParameter("\uD83D\uDE00".repeat(70) + " ")
                        .build())
                .as("code points, not characters")
                .hasMessageEndingWith("got \"" + "\uD83D\uDE00".repeat(64) + "\"");
    }

    @Test
    void everyRefusedSettingIsListed() {
        assertThatThrownBy(() -> VariableCarriers.builder()
                        .sessionIdHeader("a b")
                        .conversionIdHeader("")
                        .userIdParameter("a=b")
                        .visitIdParameter("")
                        .build())
                .hasMessage("invalid VariableCarriers: sessionIdHeader must be an HTTP header name (letters, digits,"
                        + " - and !#$%&'*+.^_`|~, at most 128), got \"a b\"; conversionIdHeader must be an HTTP header"
                        + " name (letters, digits, - and !#$%&'*+.^_`|~, at most 128), got \"\"; userIdParameter must"
                        + " be a parameter name without spaces, control characters or &=#%+ (at most 128), got"
                        + " \"a=b\"; visitIdParameter must be a parameter name without spaces, control characters or"
                        + " &=#%+ (at most 128), got \"\"");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void headerNamesMustDifferIgnoringCase(int other) {
        String taken = VariableCarriers.defaults().headerNames().get(other).toLowerCase(java.util.Locale.ROOT);
        assertThatThrownBy(() ->
                        VariableCarriers.builder().conversionIdHeader(taken).build())
                .hasMessage("invalid VariableCarriers: header names must differ, \""
                        + VariableCarriers.defaults().headerNames().get(other) + "\" is used twice");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void parameterNamesMustDifferExactly(int other) {
        String taken = VariableCarriers.defaults().parameterNames().get(other);
        assertThatThrownBy(() -> VariableCarriers.builder().jsonParameter(taken).build())
                .hasMessage("invalid VariableCarriers: parameter names must differ, \"" + taken + "\" is used twice");

        // parameters are case-sensitive: _PGNT is another name than _pgnt_...
        String upper = taken.toUpperCase(java.util.Locale.ROOT);
        assertThat(VariableCarriers.builder().jsonParameter(upper).build().jsonParameter())
                .isEqualTo(upper);
    }

    @Test
    void aHeaderAndAParameterMayShareAName() {
        VariableCarriers shared =
                VariableCarriers.builder().jsonParameter("X-Pagent-Variables").build();

        assertThat(shared.jsonParameter()).isEqualTo(shared.jsonHeader());
    }

    @Test
    void eachNameIsReadBackUnderItsSetting() {
        VariableCarriers defaults = VariableCarriers.defaults();
        assertThat(List.of(
                        defaults.jsonHeader(),
                        defaults.sessionIdHeader(),
                        defaults.userIdHeader(),
                        defaults.visitIdHeader(),
                        defaults.conversionIdHeader()))
                .containsExactly(
                        "X-Pagent-Variables",
                        "X-Pagent-Session-Id",
                        "X-Pagent-User-Id",
                        "X-Pagent-Visit-Id",
                        "X-Pagent-Conversion-Id")
                .isEqualTo(defaults.headerNames());
        assertThat(List.of(
                        defaults.jsonParameter(),
                        defaults.sessionIdParameter(),
                        defaults.userIdParameter(),
                        defaults.visitIdParameter(),
                        defaults.conversionIdParameter()))
                .containsExactly("_pgnt", "_pgnt_session_id", "_pgnt_user_id", "_pgnt_visit_id", "_pgnt_conversion_id")
                .isEqualTo(defaults.parameterNames());

        VariableCarriers custom = VariableCarriers.builder()
                .jsonHeader("H0")
                .sessionIdHeader("H1")
                .userIdHeader("H2")
                .visitIdHeader("H3")
                .conversionIdHeader("H4")
                .jsonParameter("p0")
                .sessionIdParameter("p1")
                .userIdParameter("p2")
                .visitIdParameter("p3")
                .conversionIdParameter("p4")
                .build();
        assertThat(custom.headerNames()).containsExactly("H0", "H1", "H2", "H3", "H4");
        assertThat(custom.parameterNames()).containsExactly("p0", "p1", "p2", "p3", "p4");
        assertThat(custom.toBuilder().build().headerNames()).containsExactly("H0", "H1", "H2", "H3", "H4");
        assertThat(custom.toBuilder().build().parameterNames()).containsExactly("p0", "p1", "p2", "p3", "p4");
    }

    @Test
    void aNullNameIsRefusedByTheSetterNamingIt() {
        headerSettings()
                .forEach(setting -> assertThatThrownBy(() -> setter(setting).apply(VariableCarriers.builder(), null))
                        .isInstanceOf(NullPointerException.class)
                        .hasMessage(setting));
        parameterSettings()
                .forEach(setting -> assertThatThrownBy(() -> setter(setting).apply(VariableCarriers.builder(), null))
                        .isInstanceOf(NullPointerException.class)
                        .hasMessage(setting));
    }

    @Test
    void carriersAreEqualExactlyWhenAllTenNamesAre() {
        VariableCarriers defaults = VariableCarriers.defaults();

        assertThat(VariableCarriers.builder().build()).isEqualTo(defaults).hasSameHashCodeAs(defaults);
        assertThat(VariableCarriers.builder().visitIdHeader("X-Other").build())
                .isNotEqualTo(defaults)
                .doesNotHaveSameHashCodeAs(defaults);
        assertThat(VariableCarriers.builder().visitIdParameter("other").build()).isNotEqualTo(defaults);
        assertThat(defaults).isNotEqualTo("X-Pagent-Variables").isNotEqualTo(null);
        assertThat(defaults.toString())
                .isEqualTo("VariableCarriers{headers=[X-Pagent-Variables, X-Pagent-Session-Id, X-Pagent-User-Id,"
                        + " X-Pagent-Visit-Id, X-Pagent-Conversion-Id], parameters=[_pgnt, _pgnt_session_id,"
                        + " _pgnt_user_id, _pgnt_visit_id, _pgnt_conversion_id]}");
    }
}
