package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PagentVariablesPropertyTest {

    @Provide
    Arbitrary<PagentVariables> variables() {
        return Combinators.combine(
                        Generators.ids(),
                        Generators.ids(),
                        Generators.ids().injectNull(0.3),
                        Generators.uuids().injectNull(0.3))
                .as(PagentVariables::new);
    }

    @Property
    void toJsonReadsBackUnchanged(@ForAll("variables") PagentVariables v) {
        String json = v.toJson();

        assertThat(PagentVariables.fromJson(json)).isEqualTo(v);
        if (json.length() <= PagentVariables.MAX_JSON_LENGTH) {
            assertThat(PagentVariables.tryParse(json)).contains(v);
        }
    }

    @Property
    void individualValuesMakeTheSameVariables(@ForAll("variables") PagentVariables v) {
        assertThat(PagentVariables.tryParse(v.sessionId(), v.userId(), v.visitId(), v.conversionId()))
                .contains(v);
    }

    @Property
    void parseNeverThrowsOnArbitraryText(@ForAll String text) {
        assertThat(PagentVariables.tryParse(text)).isNotNull();
    }

    /** Text made of JSON-ish fragments, to reach deeper into the parser than random characters. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> fragment = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\"session_id\"",
                "\"user_id\"",
                "\"visit_id\"",
                "\"conversion_id\"",
                "\"s\"",
                "\"7d444840-9dc0-11d1-b245-5ffdce74fad2\"",
                "null",
                "true",
                "1",
                "-0.5e9",
                "\\u0000",
                "\\ud800",
                "\\",
                " ",
                "\n",
                "\u0000",
                "x",
                "\"\\u00e9\"",
                "9".repeat(400));
        return fragment.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    @Property
    void parseNeverThrowsOnJsonLikeText(@ForAll("jsonish") String text) {
        assertThat(PagentVariables.tryParse(text)).isNotNull();
    }

    @Property
    void tryParseIsEmptyExactlyWhenTheStrictParseThrows(@ForAll("jsonish") String text) {
        PagentVariables strict;
        try {
            strict = PagentVariables.parse(text);
        } catch (IllegalArgumentException e) {
            strict = null;
        }
        if (text.length() <= PagentVariables.MAX_JSON_LENGTH) {
            assertThat(PagentVariables.tryParse(text)).isEqualTo(java.util.Optional.ofNullable(strict));
        } else {
            assertThat(PagentVariables.tryParse(text)).isEmpty();
        }
    }

    @Property
    void parseOfWellFormedObjectsAgreesWithFromJson(
            @ForAll("variables") PagentVariables v, @ForAll("jsonish") String noise) {
        String withUnknownKey = "{\"extra\":" + quote(noise) + "," + v.toJson().substring(1);

        assertThat(PagentVariables.fromJson(withUnknownKey)).isEqualTo(v);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Property
    void parseOfIndividualValuesNeverThrows(
            @ForAll String session, @ForAll String user, @ForAll String visit, @ForAll String conversion) {
        assertThat(PagentVariables.tryParse(session, user, visit, conversion)).isNotNull();
    }
}
