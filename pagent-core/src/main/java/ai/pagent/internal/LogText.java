package ai.pagent.internal;

import org.jspecify.annotations.Nullable;

/** Makes text from outside (request values, server answers) safe to put in a message or a log line. */
public final class LogText {
    private LogText() {}

    /**
     * {@code value} quoted, with quotes, backslashes, control characters, format characters (Unicode
     * Cf, such as the right-to-left override) and surrogates escaped, and
     * cut after {@code max} characters, so that it can neither forge log lines nor flood them.
     */
    public static String quoted(@Nullable String value, int max) {
        if (value == null) {
            return "null";
        }
        int n = Math.min(value.length(), max);
        StringBuilder sb = new StringBuilder(n + 16).append('"');
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (Ids.isForbiddenControl(c) || Character.isSurrogate(c) || Ids.isFormat(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (value.length() > max) {
            sb.append("… (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
