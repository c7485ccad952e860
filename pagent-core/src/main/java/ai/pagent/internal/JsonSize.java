package ai.pagent.internal;

import org.jspecify.annotations.Nullable;

/** Sizes of JSON values in UTF-8 bytes, as {@link WireFormat} (Jackson) writes them. */
public final class JsonSize {
    /** Bytes of {@code ,"properties":} in an event. */
    public static final int PROPERTIES_FIELD = 14;

    // {"session_id":,"user_id":,"conversion_id":,"time":} around the values
    private static final int FIXED_FIELDS = 1 + 13 + 11 + 17 + 8 + 1;
    private static final int CONVERSION_ID = 38; // a valid one: 36 ASCII characters, quoted
    private static final int LABEL_FIELD = 9; // ,"label":
    private static final int REVENUE_FIELD = 11; // ,"revenue":

    private JsonSize() {}

    /**
     * Exact bytes of an event's JSON object without {@code ,"properties":...}, as {@link WireFormat}
     * writes it; an absent id counts as {@code ""}.
     */
    public static int eventWithoutProperties(
            @Nullable String sessionId,
            @Nullable String userId,
            @Nullable String label,
            boolean hasRevenue,
            long revenueCents,
            long timeMillis) {
        return eventWithoutProperties(
                sessionId == null ? 2 : quoted(sessionId),
                userId == null ? 2 : quoted(userId),
                label != null,
                label == null ? 0 : quoted(label),
                hasRevenue,
                revenueCents,
                timeMillis);
    }

    /**
     * The same from the ids' sizes as quoted strings ({@link #quoted}), when the caller has them
     * already.
     */
    public static int eventWithoutProperties(
            int sessionIdBytes,
            int userIdBytes,
            boolean hasLabel,
            int labelBytes,
            boolean hasRevenue,
            long revenueCents,
            long timeMillis) {
        int size = FIXED_FIELDS + sessionIdBytes + userIdBytes + CONVERSION_ID + digits(timeMillis);
        if (hasLabel) {
            size += LABEL_FIELD + labelBytes;
        }
        if (hasRevenue) {
            size += REVENUE_FIELD + digits(revenueCents);
        }
        return size;
    }

    /**
     * Bytes of {@code s} as a quoted JSON string: quotes and backslashes take 2, {@code \b\t\n\f\r}
     * 2, other control characters 6 ({@code \}{@code u00XX}), then 1 to 4 bytes of UTF-8 (a
     * surrogate pair takes 4 together; a lone surrogate, never in a valid event, counts 3).
     */
    public static int quoted(String s) {
        int n = s.length();
        int bytes = 2 + n; // the quotes, and one byte for each character
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20) {
                    bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 1 : 5;
                } else if (c == '"' || c == '\\') {
                    bytes++;
                }
            } else if (c < 0x800) {
                bytes++;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // 4 bytes for the two characters
                i++;
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** Characters of {@code v} in decimal, its sign included. */
    public static int digits(long v) {
        if (v < 0) {
            return v == Long.MIN_VALUE ? 20 : 1 + digits(-v);
        }
        // Compare with powers of ten rather than divide: an epoch-millisecond time takes 13 steps.
        long power = 10;
        for (int n = 1; n < 19; n++, power *= 10) {
            if (v < power) {
                return n;
            }
        }
        return 19;
    }
}
