package ai.pagent.servlet.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads one parameter from a raw query string, so that the filter never asks the container for
 * parameters of a request whose body is not a form (which could make it parse a multipart body).
 * One pass: each character is looked at a bounded number of times, however the query is made.
 */
final class QueryString {
    private QueryString() {}

    /**
     * The first value of {@code name}, decoded as UTF-8 ({@code +} as space); {@code null} when
     * absent.
     *
     * @throws IllegalArgumentException when the value's percent-encoding is broken
     */
    static @Nullable String first(@Nullable CharSequence query, String name) {
        if (query == null || query.length() == 0) {
            return null;
        }
        int length = query.length();
        int start = 0;
        while (start <= length) {
            // Find the segment's end and its first '=' in the same scan.
            int eq = -1;
            boolean encodedName = false;
            int end = start;
            for (; end < length; end++) {
                char c = query.charAt(end);
                if (c == '&') {
                    break;
                }
                if (eq < 0) {
                    if (c == '=') {
                        eq = end;
                    } else if (c == '%' || c == '+') {
                        encodedName = true;
                    }
                }
            }
            int nameEnd = eq < 0 ? end : eq;
            if (nameMatches(query, start, nameEnd, name, encodedName)) {
                return nameEnd == end ? "" : decode(query.subSequence(nameEnd + 1, end));
            }
            start = end + 1;
        }
        return null;
    }

    private static boolean nameMatches(CharSequence query, int start, int end, String name, boolean encoded) {
        if (encoded) { // an encoded name (%5Fpgnt) is rare: decode only what could be one
            try {
                return decode(query.subSequence(start, end)).equals(name);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (end - start != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (query.charAt(start + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String decode(CharSequence text) {
        return URLDecoder.decode(text.toString(), StandardCharsets.UTF_8);
    }
}
