package ai.pagent.internal;

import org.jspecify.annotations.Nullable;

/**
 * The character rules of pagent's identifiers ({@code session_id}, {@code user_id}, {@code
 * visit_id}, {@code conversion_id}) and of {@code label}, shared by {@code Conversion} and {@code
 * PagentVariables}.
 *
 * <p>Every check is a single hand-rolled pass over the characters and allocates nothing when the
 * value is valid: these run on request threads for every event (see PERFORMANCE.md). A check
 * returns {@code null} for a valid value, else the rule it broke, ready to be prefixed with the
 * field name.
 */
public final class Ids {
    /** The longest identifier or label accepted, in UTF-16 characters ({@link String#length()}). */
    public static final int MAX_LENGTH = 256;

    /** How many characters of a bad value a message shows, so that messages stay short. */
    static final int ECHO_LIMIT = 40;

    private static final String UUID_RULE = "must be a UUID (8-4-4-4-12 hex)";

    private static final boolean[] HEX = new boolean[128];

    // The last string found to be a UUID: a goal's id is one constant string, checked for every event
    // of the goal. Strings are immutable, so a stale or racy read is still a valid UUID (or a miss).
    private static @Nullable String lastCanonicalUuid;

    static {
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            HEX[c] = true;
        }
    }

    private Ids() {}

    /**
     * Checks a required identifier: present, not blank (no-break spaces and other Unicode spaces count
     * as blank), at most {@value #MAX_LENGTH} characters, no control characters (C0, DEL, C1), no
     * line or paragraph separators, no format characters (Unicode Cf: the right-to-left override
     * U+202E, zero-width space U+200B, isolates U+2066–U+2069, …), no lone surrogates. Such a value
     * could never show in a log line as what it is.
     *
     * @return {@code null} when valid, else the rule broken (without the field name)
     */
    public static @Nullable String idProblem(@Nullable String value) {
        if (value == null) {
            return "is required";
        }
        return textProblem(value);
    }

    /**
     * The bytes of {@code value} as a quoted JSON string when it is a valid identifier made only of
     * printable ASCII (the common case), found in the one pass that checks it; {@code -1} for
     * anything else ({@code null}, empty, too long, blank, any other character), which {@link
     * #idProblem} and {@link JsonSize#quoted} then judge and size. Never a size for a value {@code
     * idProblem} rejects.
     */
    public static int plainQuotedSize(@Nullable String value) {
        if (value == null) {
            return -1;
        }
        int n = value.length();
        if (n == 0 || n > MAX_LENGTH) {
            return -1;
        }
        // Without a branch per character: every check is folded into three accumulators.
        int outside = 0; // negative once a character is below ' ' or above '~'
        int notSpace = 0; // non-zero once a character is not ' '
        int escapes = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            outside |= (c - ' ') | ('~' - c);
            notSpace |= c ^ ' ';
            escapes += (c == '"' ? 1 : 0) + (c == '\\' ? 1 : 0);
        }
        return outside < 0 || notSpace == 0 ? -1 : n + 2 + escapes;
    }

    /**
     * Checks an optional text (a label, a visit id) by the identifier rules; {@code null} is valid.
     */
    public static @Nullable String optionalIdProblem(@Nullable String value) {
        return value == null ? null : textProblem(value);
    }

    /**
     * Checks a required UUID: 36 characters, hyphens at 8, 13, 18 and 23, hex digits elsewhere, any
     * version, any case. Stricter than {@link java.util.UUID#fromString}, which also takes {@code
     * "1-1-1-1-1"}.
     */
    public static @Nullable String uuidProblem(@Nullable String value) {
        if (value == null) {
            return "is required";
        }
        if (isCanonicalUuid(value)) {
            return null;
        }
        if (value.isEmpty()) {
            return "must not be empty";
        }
        if (value.isBlank()) {
            return "must not be blank";
        }
        return UUID_RULE + ", was " + echo(value);
    }

    /** Whether {@code s} is a UUID in the canonical 8-4-4-4-12 hex form, in either case. */
    public static boolean isCanonicalUuid(String s) {
        if (s == lastCanonicalUuid) {
            return true;
        }
        if (s.length() != 36) {
            return false;
        }
        if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return false;
        }
        boolean valid = isHex(s, 0, 8) && isHex(s, 9, 13) && isHex(s, 14, 18) && isHex(s, 19, 23) && isHex(s, 24, 36);
        if (valid) {
            lastCanonicalUuid = s;
        }
        return valid;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return c < 128 && HEX[c];
    }

    private static @Nullable String textProblem(String s) {
        int n = s.length();
        if (n == 0) {
            return "must not be empty";
        }
        if (n > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + n;
        }
        boolean blank = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > ' ' && c < 0x7F) { // printable ASCII: the common case, one branch
                blank = false;
                continue;
            }
            if (c == ' ') {
                continue;
            }
            if (isForbiddenControl(c)) {
                return "must not contain control characters, found " + codePoint(c) + " at index " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                if (Character.getType(cp) == Character.FORMAT) { // U+E0001 language tag and friends
                    return FORMAT_RULE + codePoint(cp) + " at index " + i;
                }
                blank = false;
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain a lone surrogate, found " + codePoint(c) + " at index " + i;
            } else if (Character.getType(c) == Character.FORMAT) {
                return FORMAT_RULE + codePoint(c) + " at index " + i;
            } else if (!isBlankLike(c)) {
                blank = false;
            }
        }
        return blank ? "must not be blank" : null;
    }

    private static final String FORMAT_RULE =
            "must not contain invisible format characters (Unicode Cf: bidi controls, zero-width), found ";

    /**
     * Whitespace of any kind, no-break spaces included ({@link Character#isWhitespace} leaves them
     * out), and the filler letters that render as nothing: a value of only these looks empty.
     */
    static boolean isBlankLike(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c == '\u115F'
                || c == '\u1160'
                || c == '\u2800'
                || c == '\u3164'
                || c == '\uFFA0';
    }

    /** Whether {@code c} is a Unicode format character (Cf): invisible, and able to reorder text. */
    static boolean isFormat(char c) {
        return c >= 0xAD && !Character.isSurrogate(c) && Character.getType(c) == Character.FORMAT;
    }

    /**
     * C0 controls, DEL, C1 controls and the two Unicode line terminators that JavaScript and many
     * log viewers treat as line breaks.
     */
    static boolean isForbiddenControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    /** {@code U+000A} for a character: names it without echoing it raw. */
    static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /**
     * A value as it may appear in a message: quoted, with quotes, backslashes, control characters
     * and surrogates escaped, and cut after {@value #ECHO_LIMIT} characters so that a huge value
     * cannot flood a log.
     */
    public static String echo(@Nullable String value) {
        return LogText.quoted(value, ECHO_LIMIT);
    }
}
