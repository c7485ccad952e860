package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the extractor promises framework modules: a request without carriers costs five header
 * lookups; a carrier counts as present when any of its values is, and a present carrier that
 * yields nothing is reported; the 2 KiB JSON limit is exact; the header carriers come first.
 */
class VariablesExtractorTest {
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final List<String> HEADERS = VariableCarriers.defaults().headerNames();
    static final List<String> PARAMETERS = VariableCarriers.defaults().parameterNames();

    final VariablesExtractor extractor = new VariablesExtractor(HEADERS, PARAMETERS);
    final Map<String, String> headers = new HashMap<>();
    final Map<String, String> parameters = new HashMap<>();
    final List<String> rejected = new ArrayList<>();

    PagentVariables extract() {
        return extractor.extract(
                headers, Map::get, parameters, Map::get, (carrier, why) -> rejected.add(carrier + ":" + why));
    }

    @Test
    void needsFiveHeaderAndFiveParameterNames() {
        List<String> four = HEADERS.subList(0, 4);
        assertThatThrownBy(() -> new VariablesExtractor(four, PARAMETERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("five header and five parameter names expected");
        assertThatThrownBy(() -> new VariablesExtractor(HEADERS, PARAMETERS.subList(1, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("five header and five parameter names expected");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void anyOneOfTheFiveHeadersMakesTheHeadersPresent(int which) {
        assertThat(extractor.anyHeaderPresent(headers, Map::get)).isFalse();

        headers.put(HEADERS.get(which), "");

        assertThat(extractor.anyHeaderPresent(headers, Map::get)).isTrue();
        parameters.put(PARAMETERS.get(which), "x");
        headers.clear();
        assertThat(extractor.anyHeaderPresent(headers, Map::get))
                .as("parameters are not headers")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void oneIndividualValueAloneIsAPresentButIncompleteCarrier(int which) {
        String value = which == 4 ? GOAL : "v";
        headers.put(HEADERS.get(which), value);
        parameters.put(PARAMETERS.get(which), value);

        assertThat(extract()).isNull();
        // session and user id are required: without both, each carrier is rejected, and counted
        assertThat(rejected).containsExactly("HEADERS:INVALID", "PARAMETERS:INVALID");
    }

    @Test
    void blankIndividualValuesAreAbsentAndNotCounted() {
        for (int i = 1; i < 5; i++) {
            headers.put(HEADERS.get(i), " ");
            parameters.put(PARAMETERS.get(i), "");
        }
        headers.put(HEADERS.get(0), "\t");

        assertThat(extract()).isNull();
        assertThat(rejected).isEmpty();
    }

    @Test
    void theJsonLimitIsExactlyTwoKiB() {
        String head = "{\"session_id\":\"s\",\"user_id\":\"u\",\"pad\":\"";
        String atLimit = head + "x".repeat(PagentVariables.MAX_JSON_LENGTH - head.length() - 2) + "\"}";
        assertThat(atLimit).hasSize(2048);

        headers.put(HEADERS.get(0), atLimit);
        assertThat(extract()).isEqualTo(PagentVariables.of("s", "u", null, null));
        assertThat(rejected).isEmpty();

        headers.put(HEADERS.get(0), atLimit.replace("\"pad\":\"", "\"pad\":\"x"));
        parameters.put(PARAMETERS.get(0), atLimit.replace("\"pad\":\"", "\"pad\":\"x"));
        assertThat(extract()).isNull();
        assertThat(rejected).containsExactly("JSON_HEADER:OVERSIZED", "JSON_PARAMETER:OVERSIZED");
    }

    @Test
    void headersAreReadBeforeParametersAndJsonBeforeIndividualValues() {
        parameters.put(PARAMETERS.get(0), "{\"session_id\":\"s-pj\",\"user_id\":\"u\"}");
        parameters.put(PARAMETERS.get(1), "s-pi");
        parameters.put(PARAMETERS.get(2), "u");
        assertThat(extract().sessionId()).isEqualTo("s-pj");
        assertThat(extractor
                        .fromParameters(parameters, Map::get, (c, why) -> rejected.add("x"))
                        .sessionId())
                .isEqualTo("s-pj");

        headers.put(HEADERS.get(1), "s-hi");
        headers.put(HEADERS.get(2), "u");
        assertThat(extract().sessionId()).isEqualTo("s-hi");

        headers.put(HEADERS.get(0), "{\"session_id\":\"s-hj\",\"user_id\":\"u\"}");
        assertThat(extract().sessionId()).isEqualTo("s-hj");
        assertThat(extractor
                        .fromHeaders(headers, Map::get, (c, why) -> rejected.add("x"))
                        .sessionId())
                .isEqualTo("s-hj");
        assertThat(rejected).isEmpty();
    }

    @Test
    void theCarriersReadOneSideEach() {
        VariableCarriers carriers = VariableCarriers.defaults();
        headers.put(HEADERS.get(1), "s-h");
        headers.put(HEADERS.get(2), "u-h");
        parameters.put(PARAMETERS.get(1), "s-p");
        parameters.put(PARAMETERS.get(2), "u-p");

        assertThat(carriers.fromHeaders(headers::get)).contains(PagentVariables.of("s-h", "u-h", null, null));
        assertThat(carriers.fromParameters(parameters::get)).contains(PagentVariables.of("s-p", "u-p", null, null));
        assertThat(carriers.fromHeaders(parameters::get)).isEmpty();
        assertThat(carriers.fromParameters(headers::get)).isEmpty();
    }

    @Test
    void aLookupThatThrowsForOneNameSpoilsOnlyItsCarrier() {
        VariablesExtractor.Lookup<Map<String, String>> failsForJson = (source, name) -> {
            if (name.equals(HEADERS.get(0))) {
                throw new IllegalStateException("bad header encoding");
            }
            return source.get(name);
        };
        headers.put(HEADERS.get(1), "s-h");
        headers.put(HEADERS.get(2), "u-h");

        PagentVariables v = extractor.fromHeaders(headers, failsForJson, (c, why) -> rejected.add(c + ":" + why));

        assertThat(v).isEqualTo(PagentVariables.of("s-h", "u-h", null, null));
        assertThat(rejected).containsExactly("JSON_HEADER:INVALID");
    }
}
