package ai.pagent.test;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One conversion event that {@link FakeIngest} accepted, as the client sent it.
 *
 * <p>Absent optional fields, and optional fields sent as JSON {@code null}, are {@code null} here.
 *
 * @param sessionId the {@code session_id} field
 * @param userId the {@code user_id} field
 * @param conversionId the {@code conversion_id} field
 * @param label the {@code label} field
 * @param revenue the {@code revenue} field, in cents
 * @param properties the {@code properties} field: an unmodifiable {@code Map<String, Object>} (in
 *     the order sent) or a {@code List} of such maps; nested values are {@code Map}, {@code List},
 *     {@code String}, {@code Long} (or {@code BigInteger} beyond 64 bits), {@code Double},
 *     {@code Boolean} or {@code null}
 * @param time the {@code time} field (Unix milliseconds): a {@code Long} when sent as an integer
 *     that fits in 64 bits, a {@code BigInteger} beyond that, a {@code Double} when sent with a
 *     fraction or exponent
 * @param json the event exactly as it appeared in the request body
 */
public record ReceivedEvent(
        String sessionId,
        String userId,
        String conversionId,
        @Nullable String label,
        @Nullable Long revenue,
        @Nullable Object properties,
        @Nullable Number time,
        String json) {

    /**
     * Creates an event; {@link FakeIngest} does this for each event it accepts.
     *
     * @param sessionId the {@code session_id} field
     * @param userId the {@code user_id} field
     * @param conversionId the {@code conversion_id} field
     * @param label the {@code label} field, or {@code null}
     * @param revenue the {@code revenue} field, or {@code null}
     * @param properties the {@code properties} field, or {@code null}
     * @param time the {@code time} field, or {@code null}
     * @param json the event's JSON text
     */
    public ReceivedEvent {
        requireNonNull(sessionId, "sessionId");
        requireNonNull(userId, "userId");
        requireNonNull(conversionId, "conversionId");
        requireNonNull(json, "json");
    }
}
