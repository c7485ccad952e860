package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.pagent.internal.VariablesExtractor;
import ai.pagent.internal.VariablesExtractor.Carrier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VariableCarriersTest {
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final String OTHER_GOAL = "0b7e3a9e-4d1f-4c59-9a43-2b8c1d5e6f70";
    static final String JSON =
            "{\"session_id\":\"s-json\",\"user_id\":\"u-json\",\"visit_id\":\"v-json\",\"conversion_id\":\"" + GOAL
                    + "\"}";

    final VariableCarriers carriers = VariableCarriers.defaults();
    final Map<String, String> headers = new HashMap<>();
    final Map<String, String> parameters = new HashMap<>();
    final List<String> rejected = new ArrayList<>();

    Optional<PagentVariables> extract() {
        return carriers.extract(headers::get, parameters::get);
    }

    @Nullable
    PagentVariables extractCounting() {
        VariablesExtractor.Rejections count = (carrier, why) -> rejected.add(carrier + ":" + why);
        return new VariablesExtractor(carriers.headerNames(), carriers.parameterNames())
                .extract(headers, Map::get, parameters, Map::get, count);
    }

    @Test
    void defaultsAreTheDocumentedNames() {
        assertThat(carriers.headerNames())
                .containsExactly(
                        "X-Pagent-Variables",
                        "X-Pagent-Session-Id",
                        "X-Pagent-User-Id",
                        "X-Pagent-Visit-Id",
                        "X-Pagent-Conversion-Id");
        assertThat(carriers.parameterNames())
                .containsExactly("_pgnt", "_pgnt_session_id", "_pgnt_user_id", "_pgnt_visit_id", "_pgnt_conversion_id");
    }

    @Test
    void findsNothingWhenNoCarrierIsPresent() {
        assertThat(extract()).isEmpty();
        assertThat(extractCounting()).isNull();
        assertThat(rejected).isEmpty();
    }

    @Test
    void readsTheJsonHeader() {
        headers.put("X-Pagent-Variables", JSON);
        assertThat(extract()).contains(PagentVariables.of("s-json", "u-json", "v-json", GOAL));
    }

    @Test
    void readsTheIndividualHeaders() {
        headers.put("X-Pagent-Session-Id", "s-h");
        headers.put("X-Pagent-User-Id", "u-h");
        headers.put("X-Pagent-Visit-Id", "v-h");
        headers.put("X-Pagent-Conversion-Id", GOAL);
        assertThat(extract()).contains(PagentVariables.of("s-h", "u-h", "v-h", GOAL));
    }

    @Test
    void readsTheJsonParameter() {
        parameters.put("_pgnt", JSON);
        assertThat(extract()).contains(PagentVariables.of("s-json", "u-json", "v-json", GOAL));
    }

    @Test
    void readsTheIndividualParametersWithOptionalValuesAbsent() {
        parameters.put("_pgnt_session_id", "s-p");
        parameters.put("_pgnt_user_id", "u-p");
        assertThat(extract()).contains(PagentVariables.of("s-p", "u-p", null, null));
    }

    @Test
    void jsonHeaderWinsOverIndividualHeadersAndParameters() {
        headers.put("X-Pagent-Variables", JSON);
        headers.put("X-Pagent-Session-Id", "s-h");
        headers.put("X-Pagent-User-Id", "u-h");
        parameters.put("_pgnt", "{\"session_id\":\"s-p\",\"user_id\":\"u-p\"}");
        assertThat(extract()).map(PagentVariables::sessionId).contains("s-json");
    }

    @Test
    void individualHeadersWinOverParameters() {
        headers.put("X-Pagent-Session-Id", "s-h");
        headers.put("X-Pagent-User-Id", "u-h");
        parameters.put("_pgnt", JSON);
        assertThat(extract()).map(PagentVariables::sessionId).contains("s-h");
    }

    @Test
    void jsonParameterWinsOverIndividualParameters() {
        parameters.put("_pgnt", JSON);
        parameters.put("_pgnt_session_id", "s-p");
        parameters.put("_pgnt_user_id", "u-p");
        assertThat(extract()).map(PagentVariables::sessionId).contains("s-json");
    }

    @Test
    void doesNotAskForParametersWhenAHeaderCarries() {
        headers.put("X-Pagent-Variables", JSON);
        Function<String, @Nullable String> parameter = name -> {
            throw new AssertionError("parameters read");
        };
        assertThat(carriers.extract(headers::get, parameter)).isPresent();
    }

    @Test
    void anInvalidCarrierIsIgnoredCountedAndTheNextOneUsed() {
        headers.put("X-Pagent-Variables", "{not json");
        headers.put("X-Pagent-Session-Id", "s-h");
        headers.put("X-Pagent-User-Id", "u-h");
        headers.put("X-Pagent-Conversion-Id", "not-a-uuid");
        parameters.put("_pgnt_session_id", "s-p");
        parameters.put("_pgnt_user_id", "u-p");

        assertThat(extractCounting()).isEqualTo(PagentVariables.of("s-p", "u-p", null, null));
        assertThat(rejected).containsExactly("JSON_HEADER:INVALID", "HEADERS:INVALID");
    }

    @Test
    void oversizedJsonIsRejectedWithoutParsing() {
        String padding = "x".repeat(PagentVariables.MAX_JSON_LENGTH);
        headers.put("X-Pagent-Variables", JSON.replace("}", ",\"pad\":\"" + padding + "\"}"));
        assertThat(extractCounting()).isNull();
        assertThat(rejected).containsExactly("JSON_HEADER:OVERSIZED");
    }

    @Test
    void blankCarriersCountAsAbsentNotInvalid() {
        parameters.put("_pgnt", "");
        parameters.put("_pgnt_session_id", " ");
        assertThat(extractCounting()).isNull();
        assertThat(rejected).isEmpty();
    }

    @Test
    void individualValuesWithoutSessionOrUserAreRejected() {
        headers.put("X-Pagent-Conversion-Id", GOAL);
        assertThat(extractCounting()).isNull();
        assertThat(rejected).containsExactly("HEADERS:INVALID");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s\r\nX-Injected: 1",
                "s\u0000",
                "s\u001b[31m",
            })
    void controlCharactersInIdsAreRejected(String session) {
        headers.put("X-Pagent-Session-Id", session);
        headers.put("X-Pagent-User-Id", "u");
        parameters.put("_pgnt", "{\"session_id\":" + jsonString(session) + ",\"user_id\":\"u\"}");
        assertThat(extractCounting()).isNull();
        assertThat(rejected).containsExactly("HEADERS:INVALID", "JSON_PARAMETER:INVALID");
    }

    @Test
    void aLookupThatThrowsCountsAsInvalidAndNeverEscapes() {
        VariablesExtractor.Lookup<Object> broken = (source, name) -> {
            throw new IllegalStateException("bad form encoding");
        };
        List<Carrier> seen = new ArrayList<>();
        assertThat(new VariablesExtractor(carriers.headerNames(), carriers.parameterNames())
                        .fromParameters(new Object(), broken, (c, why) -> seen.add(c)))
                .isNull();
        assertThat(seen).containsExactly(Carrier.JSON_PARAMETER, Carrier.PARAMETERS);
    }

    @Test
    void namesAreConfigurable() {
        VariableCarriers custom = VariableCarriers.builder()
                .jsonHeader("X-Shop-Vars")
                .sessionIdParameter("sid")
                .userIdParameter("uid")
                .build();
        headers.put("X-Pagent-Variables", JSON);
        parameters.put("sid", "s-c");
        parameters.put("uid", "u-c");

        assertThat(custom.extract(headers::get, parameters::get))
                .map(PagentVariables::sessionId)
                .contains("s-c");
        assertThat(custom.toBuilder().build()).isEqualTo(custom).hasSameHashCodeAs(custom);
        assertThat(custom).isNotEqualTo(VariableCarriers.defaults());
    }

    @Test
    void builderRejectsUnusableNamesNamingEachSetting() {
        assertThatThrownBy(() -> VariableCarriers.builder()
                        .jsonHeader("X Bad")
                        .visitIdHeader("")
                        .jsonParameter("a=b")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jsonHeader")
                .hasMessageContaining("visitIdHeader")
                .hasMessageContaining("jsonParameter")
                .hasMessageNotContaining("userIdHeader");
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                arguments("jsonHeader", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::jsonHeader),
                arguments("sessionIdHeader", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::sessionIdHeader),
                arguments("userIdHeader", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::userIdHeader),
                arguments("visitIdHeader", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::visitIdHeader),
                arguments("conversionIdHeader", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::conversionIdHeader),
                arguments("jsonParameter", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::jsonParameter),
                arguments("sessionIdParameter", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::sessionIdParameter),
                arguments("userIdParameter", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::userIdParameter),
                arguments("visitIdParameter", (BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::visitIdParameter),
                arguments("conversionIdParameter", (BiFunction<
                                VariableCarriers.Builder, String, VariableCarriers.Builder>)
                        VariableCarriers.Builder::conversionIdParameter));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void everySettingRejectsAnUnusableNameAlone(
            String setting, BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder> set) {
        boolean header = setting.endsWith("Header");
        for (String bad : List.of("", " ", "a b", "a\u0000", "x".repeat(129), "a=b", header ? "a:b" : "a&b")) {
            assertThatThrownBy(() -> set.apply(VariableCarriers.builder(), bad).build())
                    .as("%s = %s", setting, bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid VariableCarriers: " + setting + " must be");
        }
        String good = setting.endsWith("Header") ? "X-Custom-" + setting : "custom_" + setting;
        VariableCarriers custom = set.apply(VariableCarriers.builder(), good).build();
        assertThat(custom.headerNames().contains(good)
                        || custom.parameterNames().contains(good))
                .isTrue();
        assertThat(set.apply(VariableCarriers.builder(), "x".repeat(128).replace('x', 'h'))
                        .build())
                .isNotEqualTo(VariableCarriers.defaults());
    }

    @ParameterizedTest
    @MethodSource("settings")
    void everyRenamedCarrierIsReadUnderItsNewName(
            String setting, BiFunction<VariableCarriers.Builder, String, VariableCarriers.Builder> set) {
        String name = setting.endsWith("Header") ? "X-Renamed" : "renamed";
        VariableCarriers custom = set.apply(VariableCarriers.builder(), name).build();
        Map<String, String> source = new HashMap<>();
        boolean header = setting.endsWith("Header");
        if (setting.startsWith("json")) {
            source.put(name, JSON);
        } else {
            // the other three individual values under their default names, this one renamed
            List<String> names = header ? custom.headerNames() : custom.parameterNames();
            source.put(names.get(1), "s-r");
            source.put(names.get(2), "u-r");
            source.put(names.get(3), "v-r");
            source.put(names.get(4), GOAL);
        }
        Map<String, String> empty = Map.of();

        Optional<PagentVariables> found =
                header ? custom.extract(source::get, empty::get) : custom.extract(empty::get, source::get);

        assertThat(found).as(setting).isPresent();
        if (!setting.startsWith("json")) {
            assertThat(found.get()).isEqualTo(PagentVariables.of("s-r", "u-r", "v-r", GOAL));
        }
        // and not under the default name any more
        Map<String, String> defaults = new HashMap<>();
        String defaultName = VariableCarriers.defaults().headerNames().contains(name)
                ? name
                : (header
                                ? VariableCarriers.defaults().headerNames()
                                : VariableCarriers.defaults().parameterNames())
                        .get((header ? custom.headerNames() : custom.parameterNames()).indexOf(name));
        source.forEach((k, v) -> defaults.put(k.equals(name) ? defaultName : k, v));
        Optional<PagentVariables> underOldName =
                header ? custom.extract(defaults::get, empty::get) : custom.extract(empty::get, defaults::get);
        assertThat(underOldName).as(setting).isNotEqualTo(found);
    }

    @Test
    void builderRejectsTheSameNameTwice() {
        assertThatThrownBy(() -> VariableCarriers.builder()
                        .userIdHeader("x-pagent-session-id")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header names must differ");
    }

    @Property(tries = 500)
    void randomJunkNeverThrowsAndNeverPopulates(
            @ForAll("junk") String json, @ForAll("junk") String id, @ForAll("junk") String conversion) {
        headers.put("X-Pagent-Variables", json);
        headers.put("X-Pagent-Session-Id", id);
        headers.put("X-Pagent-Conversion-Id", conversion); // user id missing: never complete
        parameters.put("_pgnt", json);
        parameters.put("_pgnt_user_id", id);

        assertThat(extractCounting()).isNull();
    }

    @Property(tries = 300)
    void arbitraryJsonCarriersPopulateExactlyWhenStrictParsingSucceeds(@ForAll("jsonish") String json) {
        headers.put("X-Pagent-Variables", json);
        Optional<PagentVariables> strict;
        try {
            strict = json.length() > PagentVariables.MAX_JSON_LENGTH
                    ? Optional.empty()
                    : Optional.of(PagentVariables.fromJson(json));
        } catch (IllegalArgumentException e) {
            strict = Optional.empty();
        }
        assertThat(extract()).isEqualTo(strict);
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,\\ nul").ofMaxLength(60),
                Arbitraries.strings().all().ofMinLength(2000).ofMaxLength(3000));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("\"s\"", "\"u-1\"", "null", "1", "true", "\"" + GOAL + "\"", "\"" + OTHER_GOAL + "\""),
                Arbitraries.strings().alpha().ofMaxLength(8).map(VariableCarriersTest::jsonString));
        Arbitrary<String> key = Arbitraries.of("session_id", "user_id", "visit_id", "conversion_id", "x");
        Arbitrary<String> member = net.jqwik.api.Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v);
        return member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
    }

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
