package ai.pagent.internal;

import org.jspecify.annotations.Nullable;

/**
 * The wording of the properties rules and of the paths they name, shared by the two writers of
 * properties ({@link PropertiesValidator} for maps and lists, {@link TypedProperties} for entries
 * set one by one), so that the same bad entry gets the same message either way.
 */
final class PropertyRules {
    private PropertyRules() {}

    static String loneSurrogate(String s, int index) {
        return "must not contain a lone surrogate, found " + Ids.codePoint(s.charAt(index)) + " at index " + index;
    }

    static String notFinite(double d) {
        return "must be a finite number, was " + d;
    }

    static String keyNotString(String typeName) {
        return "keys must be Strings, found a key of type " + typeName;
    }

    /** "properties.plan", or {@code properties["a b"]} for a key that does not read well bare. */
    static String topLevelPath(String key) {
        StringBuilder sb = new StringBuilder("properties");
        appendSegment(sb, key, -1);
        return sb.toString();
    }

    /** Appends ".key", {@code ["odd key"]} or "[index]" (when {@code key} is null). */
    static void appendSegment(StringBuilder sb, @Nullable String key, int index) {
        if (key != null) {
            // Plain keys read best bare ("properties.plan"); odd ones are shown quoted.
            if (isPlainKey(key)) {
                sb.append('.').append(key);
            } else {
                sb.append('[').append(Ids.echo(key)).append(']');
            }
        } else {
            sb.append('[').append(index).append(']');
        }
    }

    private static boolean isPlainKey(String key) {
        if (key.isEmpty() || key.length() > Ids.ECHO_LIMIT) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean plain =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
