package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonSize#quoted} is the promise that the 32 KiB limit is exact for ids and labels: the
 * bytes of a string as the wire format's Jackson writes it, quotes, escapes and UTF-8 included.
 */
class JsonSizeTest {
    /** The oracle: the bytes the wire format's own Jackson factory writes for {@code s}. */
    static int jacksonBytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFactories.SHARED.createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }

    @ParameterizedTest(name = "U+{0}: {1} bytes quoted")
    @CsvSource({
        // the short escapes \b \t \n \f \r take 2, other controls 6 (a six-character escape), quote and backslash 2
        "0000, 8",
        "0001, 8",
        "0007, 8",
        "0008, 4",
        "0009, 4",
        "000A, 4",
        "000B, 8",
        "000C, 4",
        "000D, 4",
        "000E, 8",
        "001F, 8",
        "0020, 3",
        "0022, 4",
        "002F, 3",
        "005C, 4",
        "007E, 3",
        // the UTF-8 lengths change at U+0080 (2 bytes) and U+0800 (3 bytes)
        "007F, 3",
        "0080, 4",
        "00E9, 4",
        "07FF, 4",
        "0800, 5",
        "20AC, 5",
        "D7FF, 5",
        "E000, 5",
        "FFFF, 5"
    })
    void aCharacterTakesWhatJacksonWritesForIt(String hex, int bytes) {
        String s = String.valueOf((char) Integer.parseInt(hex, 16));

        assertThat(JsonSize.quoted(s)).isEqualTo(bytes).isEqualTo(jacksonBytes(s));
        assertThat(JsonSize.quoted("ab" + s + "cd")).isEqualTo(bytes + 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D\uDE00", "\uD800\uDC00", "\uDBFF\uDFFF", "a\uD83D\uDE00b\uD83D\uDE00"})
    void aSurrogatePairTakesFourBytesTogether(String s) {
        int pairs = s.length() - s.codePointCount(0, s.length()); // the rest is ASCII here
        assertThat(JsonSize.quoted(s)).isEqualTo(jacksonBytes(s)).isEqualTo(2 + 4 * pairs + (s.length() - 2 * pairs));
    }

    @ParameterizedTest
    @CsvSource({
        // a lone surrogate (never in a valid event) counts as 3 bytes, at either end
        "D800, 5",
        "DBFF, 5",
        "DC00, 5",
        "DFFF, 5"
    })
    void aLoneSurrogateCountsThreeBytes(String hex, int bytes) {
        char c = (char) Integer.parseInt(hex, 16);

        assertThat(JsonSize.quoted(String.valueOf(c))).isEqualTo(bytes);
        assertThat(JsonSize.quoted("x" + c)).as("a high surrogate at the end").isEqualTo(bytes + 1);
        assertThat(JsonSize.quoted(c + "x")).isEqualTo(bytes + 1);
        assertThat(JsonSize.quoted("\uD800\uD800"))
                .as("two high surrogates are no pair")
                .isEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "plain-ascii-id", "quote \" and \\ backslash", "é€日本\uD83D\uDE00", "\t\r\n"})
    void aStringTakesWhatJacksonWritesForIt(String s) {
        assertThat(JsonSize.quoted(s)).isEqualTo(jacksonBytes(s));
    }

    @Provide
    Arbitrary<String> strings() {
        // Every range whose size rule differs, with whole surrogate pairs (no lone ones: Jackson
        // refuses those, and no valid event has one).
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoints.list().ofMaxSize(40).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    @Property
    void anyStringTakesWhatJacksonWritesForIt(@ForAll("strings") String s) {
        assertThat(JsonSize.quoted(s)).isEqualTo(jacksonBytes(s));
    }
}
