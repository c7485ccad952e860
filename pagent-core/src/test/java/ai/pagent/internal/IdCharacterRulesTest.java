package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The character rules every id and label follows (DESIGN: non-blank, no control characters, at
 * most 256 characters; the issue 9 review: no invisible format characters), and the UUID rule of
 * {@code conversion_id}, each at the edge where it decides. Each rule's message names the rule,
 * the character's code point and its index.
 */
class IdCharacterRulesTest {
    static final String UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    // ---- blank ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "U+{0} alone is blank")
    @ValueSource(strings = {"115F", "1160", "2800", "3164", "FFA0", "00A0", "2007", "202F", "3000", "2003"})
    void aValueOfOnlyCharactersThatRenderAsNothingIsBlank(String hex) {
        String c = String.valueOf((char) Integer.parseInt(hex, 16));

        assertThat(Ids.idProblem(c)).isEqualTo("must not be blank");
        assertThat(Ids.idProblem(c + " " + c)).isEqualTo("must not be blank");
        assertThat(Ids.optionalIdProblem(c)).isEqualTo("must not be blank");
        assertThat(Ids.idProblem(c + "x")).as("beside a visible character").isNull();
    }

    @ParameterizedTest(name = "{0} is not blank")
    @ValueSource(
            strings = {
                "é", // one non-ASCII letter
                "日本",
                "\u115E", // the neighbours of the filler letters are visible letters and signs
                "\u1161",
                "\u2801",
                "\u3165",
                "\uFFA1",
                "\u00A1",
                "\uD83D\uDE00", // a character outside the BMP
                "\u00A0\uD83D\uDE00"
            })
    void aValueOfVisibleNonAsciiCharactersIsNotBlank(String id) {
        assertThat(Ids.idProblem(id)).isNull();
        assertThat(Ids.optionalIdProblem(id)).isNull();
    }

    // ---- length --------------------------------------------------------------------------------

    @Test
    void theLengthLimitIs256Utf16CharactersForAnyText() {
        assertThat(Ids.idProblem("é".repeat(256))).isNull();
        assertThat(Ids.idProblem("é".repeat(257))).isEqualTo("must be at most 256 characters, was 257");
        assertThat(Ids.idProblem("\uD83D\uDE00".repeat(128)))
                .as("128 pairs are 256 characters")
                .isNull();
        assertThat(Ids.idProblem("\uD83D\uDE00".repeat(128) + "é"))
                .isEqualTo("must be at most 256 characters, was 257");
        assertThat(Ids.optionalIdProblem("é".repeat(257))).isEqualTo("must be at most 256 characters, was 257");
    }

    @Test
    void absentAndEmptyValuesAreNamedAsSuch() {
        assertThat(Ids.idProblem(null)).isEqualTo("is required");
        assertThat(Ids.optionalIdProblem(null)).isNull();
        assertThat(Ids.idProblem("")).isEqualTo("must not be empty");
        assertThat(Ids.optionalIdProblem("")).isEqualTo("must not be empty");
    }

    // ---- control and format characters ---------------------------------------------------------

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
        "0000, 'must not contain control characters, found U+0000 at index 1'",
        "001F, 'must not contain control characters, found U+001F at index 1'",
        "007F, 'must not contain control characters, found U+007F at index 1'",
        "0080, 'must not contain control characters, found U+0080 at index 1'",
        "009F, 'must not contain control characters, found U+009F at index 1'",
        "2028, 'must not contain control characters, found U+2028 at index 1'",
        "2029, 'must not contain control characters, found U+2029 at index 1'",
        // Unicode Cf, from the first (the soft hyphen) to the last of the BMP
        "00AD, 'must not contain invisible format characters (Unicode Cf: bidi controls, zero-width), found U+00AD"
                + " at index 1'",
        "0600, found U+0600 at index 1",
        "061C, found U+061C at index 1",
        "200B, found U+200B at index 1",
        "200E, found U+200E at index 1",
        "202E, found U+202E at index 1",
        "2060, found U+2060 at index 1",
        "2066, found U+2066 at index 1",
        "2069, found U+2069 at index 1",
        "FEFF, found U+FEFF at index 1",
        "FFFB, found U+FFFB at index 1",
        // lone surrogates
        "D800, 'must not contain a lone surrogate, found U+D800 at index 1'",
        "DFFF, 'must not contain a lone surrogate, found U+DFFF at index 1'"
    })
    void aControlFormatOrLoneSurrogateCharacterIsNamedWithItsIndex(String hex, String rule) {
        String id = "a" + (char) Integer.parseInt(hex, 16) + "b";

        assertThat(Ids.idProblem(id)).endsWith(rule);
        assertThat(Ids.idProblem(id)).startsWith("must not contain");
        assertThat(Ids.optionalIdProblem(id)).isEqualTo(Ids.idProblem(id));
    }

    @ParameterizedTest(name = "U+{0} is allowed")
    @ValueSource(strings = {"0020", "007E", "00A0", "00A1", "00AC", "00AE", "0606", "2027", "202A0"})
    void theNeighboursOfForbiddenCharactersAreAllowed(String hex) {
        String id = "a" + new StringBuilder().appendCodePoint(Integer.parseInt(hex, 16)) + "b";

        assertThat(Ids.idProblem(id)).isNull();
    }

    @Test
    void aFormatCharacterOutsideTheBmpIsNamedByItsCodePoint() {
        // U+E0001 LANGUAGE TAG and U+E007F CANCEL TAG: invisible, written as surrogate pairs
        assertThat(Ids.idProblem("ab\uDB40\uDC01"))
                .isEqualTo("must not contain invisible format characters (Unicode Cf: bidi controls, zero-width),"
                        + " found U+E0001 at index 2");
        assertThat(Ids.idProblem("\uDB40\uDC7Fab")).endsWith("found U+E007F at index 0");
        assertThat(Ids.idProblem("\uD834\uDD73"))
                .as("U+1D173 MUSICAL SYMBOL BEGIN BEAM")
                .endsWith("U+1D173 at index 0");
        assertThat(Ids.idProblem("\uDB40\uDD00"))
                .as("U+E0100, a variation selector (Mn), is visible")
                .isNull();
    }

    @Test
    void charactersAfterAPairAreCheckedAtTheirOwnIndex() {
        assertThat(Ids.idProblem("\uD83D\uDE00\u0001")).endsWith("found U+0001 at index 2");
        assertThat(Ids.idProblem("\uD83D\uDE00\uD800")).endsWith("found U+D800 at index 2");
    }

    // ---- UUIDs ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "U+{0} in a UUID")
    @ValueSource(
            strings = {
                "0080", // the first character past ASCII
                "00FF",
                "0660", // ARABIC-INDIC DIGIT ZERO, a digit to Character.isDigit
                "0669",
                "06F0", // EXTENDED ARABIC-INDIC DIGIT ZERO
                "0966", // DEVANAGARI DIGIT ZERO
                "FF10", // FULLWIDTH DIGIT ZERO
                "FF19",
                "FF21", // FULLWIDTH LATIN CAPITAL LETTER A
                "FF41", // FULLWIDTH LATIN SMALL LETTER A
                "0391" // GREEK CAPITAL LETTER ALPHA
            })
    void aUuidIsMadeOfAsciiHexDigitsOnly(String hex) {
        char c = (char) Integer.parseInt(hex, 16);
        for (int at : new int[] {0, 7, 9, 12, 14, 17, 19, 22, 24, 35}) {
            String notAUuid = UUID.substring(0, at) + c + UUID.substring(at + 1);

            assertThat(Ids.isCanonicalUuid(notAUuid)).as("at %d", at).isFalse();
            assertThat(Ids.uuidProblem(notAUuid))
                    .as("at %d", at)
                    .isEqualTo("must be a UUID (8-4-4-4-12 hex), was " + LogText.quoted(notAUuid, 40));
        }
    }

    @Test
    void aUuidHasItsHyphensAt8_13_18And23() {
        assertThat(Ids.isCanonicalUuid(UUID)).isTrue();
        for (int at : new int[] {8, 13, 18, 23}) {
            String noHyphen = UUID.substring(0, at) + "0" + UUID.substring(at + 1);
            assertThat(Ids.isCanonicalUuid(noHyphen)).as("0 at %d", at).isFalse();
            assertThat(Ids.uuidProblem(noHyphen)).as("0 at %d", at).startsWith("must be a UUID (8-4-4-4-12 hex)");
        }
        for (int at = 0; at < 36; at++) {
            if (at != 8 && at != 13 && at != 18 && at != 23) {
                String hyphen = UUID.substring(0, at) + "-" + UUID.substring(at + 1);
                assertThat(Ids.isCanonicalUuid(hyphen)).as("- at %d", at).isFalse();
            }
        }
    }

    @Test
    void aUuidRememberedFromTheLastCheckMakesNoOtherStringValid() {
        String notAUuid = UUID.substring(0, 35) + "g";
        for (int round = 0; round < 3; round++) { // the same strings again: nothing remembered flips them
            assertThat(Ids.isCanonicalUuid(UUID)).isTrue();
            assertThat(Ids.isCanonicalUuid(notAUuid)).as("round %d", round).isFalse();
            assertThat(Ids.isCanonicalUuid(new String(UUID)))
                    .as("an equal copy")
                    .isTrue();
        }
    }

    @Test
    void everyHexDigitInEitherCaseIsAccepted() {
        String digits = "0123456789abcdefABCDEF";
        for (char d : digits.toCharArray()) {
            String uuid = (String.valueOf(d).repeat(8) + "-" + String.valueOf(d).repeat(4) + "-"
                    + String.valueOf(d).repeat(4) + "-" + String.valueOf(d).repeat(4) + "-"
                    + String.valueOf(d).repeat(12));
            assertThat(Ids.uuidProblem(uuid)).as(uuid).isNull();
        }
        for (char d : "gG/:@`{".toCharArray()) { // just outside the hex ranges
            String notAUuid = UUID.substring(0, 35) + d;
            assertThat(Ids.isCanonicalUuid(notAUuid)).as(notAUuid).isFalse();
        }
    }

    @Test
    void aUuidProblemNamesAbsentEmptyAndBlankValues() {
        assertThat(Ids.uuidProblem(null)).isEqualTo("is required");
        assertThat(Ids.uuidProblem("")).isEqualTo("must not be empty");
        assertThat(Ids.uuidProblem("   ")).isEqualTo("must not be blank");
        assertThat(Ids.uuidProblem(UUID + "0")).isEqualTo("must be a UUID (8-4-4-4-12 hex), was \"" + UUID + "0\"");
        assertThat(Ids.uuidProblem(UUID.substring(1))).startsWith("must be a UUID");
    }
}
