package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The one-pass check and size of plain ids that {@code build()} takes before the full rules. */
class IdsTest {
    @Provide
    Arbitrary<String> ids() {
        // Mostly printable ASCII (the fast path), with spaces, quotes, backslashes, controls,
        // no-break and format characters, surrogates, and lengths around the 256 limit.
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.chars().range('!', '~')),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(' ', '"', '\\')),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.of(
                                '\u0000', '\t', '\u001f', '\u007f', '\u0085', '\u00a0', '\u00e9', '\u200b', '\u202e',
                                '\u2028', '\u3000', '\ud83d', '\ude00', '\uffff')));
        return chars.list().ofMaxSize(260).map(list -> {
            StringBuilder sb = new StringBuilder(list.size());
            list.forEach(sb::append);
            return sb.toString();
        });
    }

    @Property
    void aPlainSizeIsOnlyGivenForAValidIdAndIsItsExactQuotedSize(@ForAll("ids") String id) {
        int size = Ids.plainQuotedSize(id);
        if (size >= 0) {
            assertThat(Ids.idProblem(id)).as("a sized id is valid").isNull();
            assertThat(size).isEqualTo(JsonSize.quoted(id));
        }
    }

    @Property
    void everyValidIdOfPrintableAsciiTakesTheOnePass(@ForAll("ids") String id) {
        boolean printableAscii = id.chars().allMatch(c -> c >= ' ' && c < 0x7F);
        if (printableAscii && Ids.idProblem(id) == null) {
            assertThat(Ids.plainQuotedSize(id)).isEqualTo(JsonSize.quoted(id));
        }
    }

    @Test
    void refusesWhatTheFullRulesJudge() {
        assertThat(Ids.plainQuotedSize(null)).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("")).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("   ")).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("a".repeat(257))).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("a\tb")).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("a\u007fb")).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("caf\u00e9")).isEqualTo(-1);
        assertThat(Ids.plainQuotedSize("a".repeat(256))).isEqualTo(258);
        assertThat(Ids.plainQuotedSize(" a ")).isEqualTo(5);
        assertThat(Ids.plainQuotedSize("a\"b\\c")).isEqualTo(9);
        assertThat(Ids.plainQuotedSize("~")).isEqualTo(3);
        assertThat(Ids.plainQuotedSize("!")).isEqualTo(3);
    }
}
