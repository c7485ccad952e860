package ai.pagent.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class QueryStringTest {
    /** A query that counts every character read from it, also through sub-sequences. */
    static final class CountingQuery implements CharSequence {
        final String text;
        long reads;

        CountingQuery(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            reads += end - start; // whoever takes a copy reads it
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            reads += text.length();
            return text;
        }
    }

    static List<String> adversarialQueries() {
        int n = 64 * 1024;
        return List.of(
                "&".repeat(n),
                "=".repeat(n),
                "a".repeat(n),
                "=&".repeat(n / 2),
                "a&".repeat(n / 2),
                "%&".repeat(n / 2),
                "+=&".repeat(n / 3),
                "_pgn&".repeat(n / 5),
                "_pgnX=v&".repeat(n / 8),
                "%5Fpgnt%&".repeat(n / 9),
                "x=" + "%41".repeat(n / 3));
    }

    @Test
    void readsEachCharacterOfAQueryABoundedNumberOfTimes() {
        for (String query : adversarialQueries()) {
            for (String name : List.of("_pgnt", "_pgnt_session_id", "a", "")) {
                CountingQuery counting = new CountingQuery(query);
                try {
                    QueryString.first(counting, name);
                } catch (IllegalArgumentException e) {
                    // a broken value: still a linear read
                }
                assertThat(counting.reads)
                        .as("reads of a %d-character query %s… for %s", query.length(), query.substring(0, 9), name)
                        .isLessThanOrEqualTo(3L * query.length() + 8);
            }
        }
    }

    /** What a query means, read the slow, obvious way. */
    static @Nullable String reference(String query, String name) {
        if (query.isEmpty()) {
            return null;
        }
        for (String segment : query.split("&", -1)) {
            int eq = segment.indexOf('=');
            String rawName = eq < 0 ? segment : segment.substring(0, eq);
            String decodedName;
            try {
                decodedName = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (decodedName.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(segment.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.of("_pgnt", "_pgnt_user_id", "=", "&", "%5F", "%", "+", "a", "%41", "%zz", "x=1", "é", " ")
                .list()
                .ofMaxSize(20)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void agreesWithTheObviousReading(@ForAll("queries") String query) {
        for (String name : List.of("_pgnt", "_pgnt_user_id", "a")) {
            String expected;
            try {
                expected = reference(query, name);
            } catch (IllegalArgumentException e) {
                assertThatThrownBy(() -> QueryString.first(query, name)).isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            assertThat(QueryString.first(query, name))
                    .as("%s in %s", name, query)
                    .isEqualTo(expected);
        }
    }

    @Test
    void findsTheFirstValueDecoded() {
        assertThat(QueryString.first("a=1&_pgnt=%7B%22x%22%3A1%7D+y&_pgnt=2", "_pgnt"))
                .isEqualTo("{\"x\":1} y");
    }

    @Test
    void matchesWholeNamesOnly() {
        assertThat(QueryString.first("_pgnt_session_id=s", "_pgnt")).isNull();
        assertThat(QueryString.first("x_pgnt=s", "_pgnt")).isNull();
    }

    @Test
    void readsEncodedNamesAndEmptyValues() {
        assertThat(QueryString.first("%5Fpgnt=v", "_pgnt")).isEqualTo("v");
        assertThat(QueryString.first("_pgnt&b=1", "_pgnt")).isEmpty();
        assertThat(QueryString.first("_pgnt=", "_pgnt")).isEmpty();
    }

    @Test
    void absentQueriesHaveNoValues() {
        assertThat(QueryString.first(null, "_pgnt")).isNull();
        assertThat(QueryString.first("", "_pgnt")).isNull();
        assertThat(QueryString.first("&&=&", "_pgnt")).isNull();
    }

    @Test
    void brokenEncodingOfTheValueIsAnError() {
        assertThatThrownBy(() -> QueryString.first("_pgnt=%zz", "_pgnt")).isInstanceOf(IllegalArgumentException.class);
        assertThat(QueryString.first("%zz=1&_pgnt=ok", "_pgnt")).isEqualTo("ok");
    }

    @Test
    void recognisesFormContentTypes() {
        assertThat(RequestVariables.isForm("application/x-www-form-urlencoded")).isTrue();
        assertThat(RequestVariables.isForm("Application/X-WWW-Form-URLEncoded; charset=UTF-8"))
                .isTrue();
        assertThat(RequestVariables.isForm("application/x-www-form-urlencodedX"))
                .isFalse();
        assertThat(RequestVariables.isForm("multipart/form-data; boundary=x")).isFalse();
        assertThat(RequestVariables.isForm(null)).isFalse();
    }
}
