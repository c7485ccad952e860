package ai.pagent.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {
    /** Longer waits than this are taken as this: a broken header must not stop a client for days. */
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {}

    /** The wait the header asks for, or {@code null} when it is absent or unreadable. */
    public static @Nullable Duration parse(@Nullable String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // delay-seconds may have leading zeros: "0030" is 30 s, however many zeros there are
            int start = 0;
            while (start < v.length() - 1 && v.charAt(start) == '0') {
                start++;
            }
            if (v.length() - start > 9) {
                return MAX; // more seconds than a long may hold: no parse, no exception
            }
            return min(Duration.ofSeconds(Long.parseLong(v, start, v.length(), 10)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : min(wait);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
