package ai.pagent.servlet.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads one parameter from a raw query string, so that the filter never asks the container for
 * parameters of a request whose body is not a form (which could make it parse a multipart body).
 */
final class QueryString {
    private QueryString() {}

    /**
     * The first value of {@code name}, decoded as UTF-8 ({@code +} as space); {@code null} when
     * absent.
     *
     * @throws IllegalArgumentException when the value's percent-encoding is broken
     */
    static @Nullable String first(@Nullable String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        int start = 0;
        int length = query.length();
        while (start <= length) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            int eq = query.indexOf('=', start);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            if (nameMatches(query, start, nameEnd, name)) {
                return nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end));
            }
            start = end + 1;
        }
        return null;
    }

    private static boolean nameMatches(String query, int start, int end, String name) {
        if (end - start == name.length() && query.regionMatches(start, name, 0, name.length())) {
            return true;
        }
        // An encoded name (%5Fpgnt) is rare; decode only when the raw form could be one.
        for (int i = start; i < end; i++) {
            char c = query.charAt(i);
            if (c == '%' || c == '+') {
                try {
                    return decode(query.substring(start, end)).equals(name);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
