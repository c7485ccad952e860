package ai.pagent.internal;

/** Makes text from outside (server answers, request values) safe to put in one log line. */
public final class LogText {
    private LogText() {}

    /**
     * {@code text} with control characters escaped as {@code \\uXXXX} and cut to {@code max}
     * characters (marked with an ellipsis), so it cannot forge log lines or flood them.
     */
    public static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int n = Math.min(text.length(), max);
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        if (text.length() > max) {
            out.append('…');
        }
        return out.toString();
    }
}
