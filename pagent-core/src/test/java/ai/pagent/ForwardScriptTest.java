package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        String script = text(ForwardScript.of("/s.js", CUSTOM));

        assertThat(script).contains("\"X-Shop-Vars\"").contains("\"shop_vars\"").doesNotContain("__PAGENT_");
        assertThat(text(ForwardScript.of("/s.js", VariableCarriers.defaults())))
                .contains("\"X-Pagent-Variables\"")
                .contains("\"_pgnt\"");
    }

    @Test
    void theEtagFollowsTheBytes() {
        ForwardScript a = ForwardScript.of("/a.js", VariableCarriers.defaults());
        ForwardScript b = ForwardScript.of("/b.js", VariableCarriers.defaults());
        ForwardScript custom = ForwardScript.of("/a.js", CUSTOM);

        assertThat(a.etag()).isEqualTo(b.etag()).startsWith("\"").endsWith("\"").hasSize(24);
        assertThat(custom.etag()).isNotEqualTo(a.etag());
        assertThat(a.path()).isEqualTo("/a.js");
    }

    @Test
    void itsBytesCannotBeChangedFromOutside() throws Exception {
        ForwardScript s = ForwardScript.of("/s.js", VariableCarriers.defaults());
        byte[] body = s.body();
        body[0] = 'X';
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        s.writeTo(written);

        assertThat(s.body()).isNotEqualTo(body).isEqualTo(written.toByteArray()).hasSize(s.contentLength());
        assertThat(s.toString()).contains("/s.js").contains(s.etag());
    }

    @Test
    void matchesStrongWeakListedAndWildcardTags() {
        ForwardScript s = ForwardScript.of("/s.js", VariableCarriers.defaults());
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
        assertThatThrownBy(() -> ForwardScript.of(path, VariableCarriers.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the script path must start with /")
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
