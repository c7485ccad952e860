package ai.pagent.internal;

import ai.pagent.Conversion;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * pagent's ingest wire format: encodes batches of {@link Conversion}s as the request body of {@code
 * POST /v1/conversions} and reads the {@code {"accepted": N}} and {@code {"error": "..."}} answers.
 *
 * <p>Encoding streams with Jackson's generator (no data binding); Jackson recycles its buffers in a
 * pool of this class's own. Strings are escaped as JSON requires (quotes, backslash, control characters) and written
 * as UTF-8, characters outside the BMP as their 4-byte UTF-8 form rather than escaped surrogate
 * pairs. Events are valid by construction ({@code Conversion.Builder.build()} checks everything that
 * could make encoding fail), so encoding never rejects an event.
 */
public final class WireFormat {
    /** The shared factory, under the name the spool codec uses. */
    static final JsonFactory JSON = JsonFactories.SHARED;

    private static final SerializableString EVENTS = new SerializedString("events");
    private static final SerializableString SESSION_ID = new SerializedString("session_id");
    private static final SerializableString USER_ID = new SerializedString("user_id");
    private static final SerializableString CONVERSION_ID = new SerializedString("conversion_id");
    private static final SerializableString LABEL = new SerializedString("label");
    private static final SerializableString REVENUE = new SerializedString("revenue");
    private static final SerializableString PROPERTIES = new SerializedString("properties");
    private static final SerializableString TIME = new SerializedString("time");

    private WireFormat() {}

    /**
     * Encodes {@code {"events":[...]}} as UTF-8. Does not check the batch size: the 1..100 rule
     * is the dispatcher's.
     */
    public static byte[] encodeBatch(List<Conversion> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 192 * events.size());
        writeBatch(out, events);
        return out.toByteArray();
    }

    /**
     * Streams {@code {"events":[...]}} as UTF-8 into {@code out} (for a request body that writes to
     * a sink); flushes but does not close {@code out}.
     *
     * @throws UncheckedIOException when {@code out} fails
     */
    public static void writeBatch(OutputStream out, List<Conversion> events) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(EVENTS);
            g.writeStartArray();
            for (Conversion c : events) {
                writeEvent(g, c);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one event object with its wire field names: for custom output such as dry-run logs. */
    public static void writeEvent(JsonGenerator g, Conversion c) throws IOException {
        g.writeStartObject();
        g.writeFieldName(SESSION_ID);
        g.writeString(c.sessionId());
        g.writeFieldName(USER_ID);
        g.writeString(c.userId());
        g.writeFieldName(CONVERSION_ID);
        g.writeString(c.conversionId());
        Optional<String> label = c.label();
        if (label.isPresent()) {
            g.writeFieldName(LABEL);
            g.writeString(label.get());
        }
        OptionalLong revenue = c.revenueCents();
        if (revenue.isPresent()) {
            g.writeFieldName(REVENUE);
            g.writeNumber(revenue.getAsLong());
        }
        Optional<String> properties = c.propertiesJson();
        if (properties.isPresent()) {
            g.writeFieldName(PROPERTIES);
            g.writeRawValue(properties.get()); // valid JSON, encoded and checked at build()
        }
        g.writeFieldName(TIME);
        g.writeNumber(c.timeMillis());
        g.writeEndObject();
    }

    /** One event as a JSON string, exactly as it would appear in a batch: for dry-run logs. */
    public static String toJson(Conversion c) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeEvent(g, c);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * The {@code accepted} count of a 200 answer {@code {"accepted": N}}; other fields are ignored.
     * Empty when the body is not a JSON object, has no non-negative integer {@code accepted}, or
     * is malformed anywhere. Never throws.
     */
    public static OptionalInt readAccepted(byte @Nullable [] body) {
        if (body == null) {
            return OptionalInt.empty();
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return OptionalInt.empty();
            }
            OptionalInt accepted = OptionalInt.empty();
            boolean seen = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("accepted".equals(name)) {
                    if (seen) {
                        return OptionalInt.empty(); // two answers: believe neither
                    }
                    seen = true;
                    if (value == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() == JsonParser.NumberType.INT
                            && p.getIntValue() >= 0) {
                        accepted = OptionalInt.of(p.getIntValue());
                    }
                } else {
                    p.skipChildren();
                }
            }
            return t == JsonToken.END_OBJECT && p.nextToken() == null ? accepted : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The {@code error} text of an error answer {@code {"error": "..."}}. Empty when absent, not a
     * string, or the body is malformed. Never throws.
     */
    public static Optional<String> readError(byte @Nullable [] body) {
        if (body == null) {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            @Nullable String error = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("error".equals(name) && value == JsonToken.VALUE_STRING) {
                    error = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return t == JsonToken.END_OBJECT && p.nextToken() == null ? Optional.ofNullable(error) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
