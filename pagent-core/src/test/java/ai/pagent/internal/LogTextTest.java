package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void escapesQuotesBackslashesControlsFormatCharactersAndSurrogates() {
        assertThat(LogText.quoted("a\"b\\c\nd\u202Ee\u200Bf\u2066g\uD800h\u0085i\u2028", 100))
                .isEqualTo("\"a\\\"b\\\\c\\u000Ad\\u202Ee\\u200Bf\\u2066g\\uD800h\\u0085i\\u2028\"");
    }

    @Test
    void escapesExactlyTheCharactersThatHideOrBreakTextAtTheEdgesOfEachRange() {
        // kept: the last printable ASCII, no-break space, the neighbours of U+00AD
        assertThat(LogText.quoted("~\u00A0\u00AC\u00AE ", 100)).isEqualTo("\"~\u00A0\u00AC\u00AE \"");
        // escaped: the last C0 and the first and last C1 controls, the soft hyphen (the first
        // format character) and other ones, and surrogates, paired or not
        assertThat(LogText.quoted("\u001F\u0080\u009F\u00AD\u0600\uFFFB\uD83D\uDE00", 100))
                .isEqualTo("\"\\u001F\\u0080\\u009F\\u00AD\\u0600\\uFFFB\\uD83D\\uDE00\"");
    }

    @Test
    void cutsAfterTheLimitAndSaysHowLongTheValueWas() {
        assertThat(LogText.quoted("abcdef", 3)).isEqualTo("\"abc\"… (6 characters)");
        assertThat(LogText.quoted("abc", 3)).isEqualTo("\"abc\"");
        assertThat(LogText.quoted(null, 3)).isEqualTo("null");
    }

    @Property
    void nothingInvisibleOrLineBreakingSurvives(@ForAll String value) {
        String quoted = LogText.quoted(value, 1000);

        assertThat(quoted.chars())
                .noneMatch(c -> c < 0x20
                        || (c >= 0x7F && c <= 0x9F)
                        || c == 0x2028
                        || c == 0x2029
                        || (c >= 0xD800 && c <= 0xDFFF)
                        || Character.getType(c) == Character.FORMAT);
    }
}
