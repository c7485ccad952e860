package ai.pagent.test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How {@link FakeIngest} answers one request; {@code status} {@link RecordedRequest#DROPPED} means
 * close the connection instead.
 *
 * @param status the HTTP status, or {@link RecordedRequest#DROPPED}
 * @param body the JSON body
 * @param headers extra response headers
 * @param literalRetryAfter a {@code Retry-After} value to send as is, or {@code null}
 * @param retryAfterDateIn when set, {@code Retry-After} is an HTTP-date this far from the answer
 * @param delay how long to wait before answering
 * @param drip when set, the body is written one byte at a time with this pause before each byte
 * @param eventCount the number of events in the request body
 * @param accepted the number of events accepted
 * @param events the accepted events to record
 */
record Answer(
        int status,
        byte[] body,
        Map<String, String> headers,
        @Nullable String literalRetryAfter,
        @Nullable Duration retryAfterDateIn,
        Duration delay,
        @Nullable Duration drip,
        int eventCount,
        int accepted,
        List<ReceivedEvent> events) {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    static Answer error(int status, String message, Duration delay, int eventCount) {
        return new Answer(
                status, JsonBodies.error(message), Map.of(), null, null, delay, null, eventCount, 0, List.of());
    }

    static Answer dropped(Duration delay, int eventCount) {
        return new Answer(
                RecordedRequest.DROPPED, new byte[0], Map.of(), null, null, delay, null, eventCount, 0, List.of());
    }

    Answer withHeader(String name, String value) {
        return new Answer(
                status,
                body,
                Map.of(name, value),
                literalRetryAfter,
                retryAfterDateIn,
                delay,
                drip,
                eventCount,
                accepted,
                events);
    }

    Answer withRetryAfter(@Nullable String literal, @Nullable Duration dateIn) {
        return new Answer(status, body, headers, literal, dateIn, delay, drip, eventCount, accepted, events);
    }

    Answer dripping(Duration perByte) {
        return new Answer(
                status,
                body,
                headers,
                literalRetryAfter,
                retryAfterDateIn,
                delay,
                perByte,
                eventCount,
                accepted,
                events);
    }

    /** The {@code Retry-After} value, computed when the answer is written. */
    @Nullable
    String retryAfter() {
        if (retryAfterDateIn != null) {
            Instant at = Instant.now().plus(retryAfterDateIn);
            long second = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
            return HTTP_DATE.format(Instant.ofEpochSecond(second));
        }
        return literalRetryAfter;
    }
}
