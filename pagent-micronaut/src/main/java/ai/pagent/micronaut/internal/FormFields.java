package ai.pagent.micronaut.internal;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Picks named fields out of an {@code application/x-www-form-urlencoded} body, decoding only
 * those: the filter wants five carrier fields, not the whole form.
 */
public final class FormFields {
    private FormFields() {}

    /**
     * Returns the first value of each wanted name present in the body; pairs that do not decode
     * are skipped.
     *
     * @param body the raw form body
     * @param charset the body's charset
     * @param names the wanted (decoded) field names
     * @return name to decoded value, only for names that occur
     */
    public static Map<String, String> pick(String body, Charset charset, List<String> names) {
        Map<String, String> found = new HashMap<>(8);
        int start = 0;
        int length = body.length();
        while (start <= length && found.size() < names.size()) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = body.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                String name = decode(body.substring(start, nameEnd), charset);
                if (name != null && names.contains(name) && !found.containsKey(name)) {
                    String value = nameEnd == end ? "" : decode(body.substring(nameEnd + 1, end), charset);
                    if (value != null) {
                        found.put(name, value);
                    }
                }
            }
            start = end + 1;
        }
        return found;
    }

    private static @Nullable String decode(String text, Charset charset) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, charset);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
