package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.VariableCarriers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardScriptTest {
    private static final VariableCarriers CUSTOM = VariableCarriers.builder()
            .jsonHeader("X-Shop-Vars")
            .jsonParameter("shop_vars")
            .build();

    @Test
    void writesTheConfiguredCarrierNamesIntoTheScript() {
        String script = text(ForwardScript.load("path", "/s.js", CUSTOM));

        assertThat(script).contains("\"X-Shop-Vars\"").contains("\"shop_vars\"").doesNotContain("__PAGENT_");
        assertThat(text(ForwardScript.load("path", "/s.js", VariableCarriers.defaults())))
                .contains("\"X-Pagent-Variables\"")
                .contains("\"_pgnt\"");
    }

    @Test
    void theEtagFollowsTheBytes() {
        ForwardScript a = ForwardScript.load("path", "/a.js", VariableCarriers.defaults());
        ForwardScript b = ForwardScript.load("path", "/b.js", VariableCarriers.defaults());
        ForwardScript custom = ForwardScript.load("path", "/a.js", CUSTOM);

        assertThat(a.etag()).isEqualTo(b.etag()).startsWith("\"").endsWith("\"").hasSize(24);
        assertThat(custom.etag()).isNotEqualTo(a.etag());
        assertThat(a.path()).isEqualTo("/a.js");
    }

    @Test
    void matchesStrongWeakListedAndWildcardTags() {
        ForwardScript s = ForwardScript.load("path", "/s.js", VariableCarriers.defaults());
        String tag = s.etag();

        assertThat(s.matchesEtag(List.of(tag))).isTrue();
        assertThat(s.matchesEtag(List.of("W/" + tag))).isTrue();
        assertThat(s.matchesEtag(List.of("\"other\", " + tag))).isTrue();
        assertThat(s.matchesEtag(List.of("\"other\"", " " + tag + " "))).isTrue();
        assertThat(s.matchesEtag(List.of("*"))).isTrue();
        assertThat(s.matchesEtag(List.of())).isFalse();
        assertThat(s.matchesEtag(List.of("\"other\"", tag.substring(0, tag.length() - 2) + "\"")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s.js", "/a b.js", "/a?b", "/a#b", "/a\tb", "/a\u007fb", "/a\nb"})
    void refusesAPathThatIsNotAPlainAbsolutePath(String path) {
        assertThatThrownBy(() -> ForwardScript.load("pagent.filter.script-path", path, VariableCarriers.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pagent.filter.script-path must be a path starting with /")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Property
    void aJsStringLiteralNeverEndsEarlyOrOpensATag(@ForAll String text) {
        String literal = ForwardScript.jsString(text);

        assertThat(literal).startsWith("\"").endsWith("\"");
        String inner = literal.substring(1, literal.length() - 1);
        assertThat(inner).doesNotContain("\"");
        assertThat(inner.replace("\\u", "")).doesNotContain("\\");
        assertThat(inner).doesNotContain("<", ">", "\u2028", "\u2029");
        assertThat(inner.chars()).noneMatch(c -> c < 0x20);
        assertThat(unescape(inner)).isEqualTo(text);
    }

    private static String unescape(String inner) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && inner.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(inner.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String text(ForwardScript script) {
        return new String(script.body(), StandardCharsets.UTF_8);
    }
}
