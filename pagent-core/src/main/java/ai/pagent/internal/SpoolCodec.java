package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.InvalidConversionException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A spooled event's payload: the event's JSON exactly as {@link WireFormat} sends it, and back. An
 * event read back is built again through {@link Conversion#builder()}, so it passes the same
 * checks as one tracked by the application; anything else is rejected as corrupt.
 */
final class SpoolCodec {
    private static final int MAX_DEPTH = 64;

    /** Reused by the one thread that encodes (not thread-safe). */
    private final Output out = new Output();

    /** Encodes {@code event}; the bytes are {@code buffer()[0, returned length)} until the next call. */
    int encode(Conversion event) throws IOException {
        out.reset();
        try (JsonGenerator g = WireFormat.JSON.createGenerator(out)) {
            WireFormat.writeEvent(g, event);
        }
        return out.size();
    }

    byte[] buffer() {
        return out.bytes();
    }

    static byte[] encodeToBytes(Conversion event) {
        SpoolCodec codec = new SpoolCodec();
        try {
            int n = codec.encode(event);
            byte[] copy = new byte[n];
            System.arraycopy(codec.buffer(), 0, copy, 0, n);
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException(e); // an in-memory stream does not fail
        }
    }

    /**
     * Decodes one event from {@code data[offset, offset + length)}.
     *
     * @throws IOException naming what is wrong when the bytes are not one valid event
     */
    static Conversion decode(byte[] data, int offset, int length) throws IOException {
        try (JsonParser p = WireFormat.JSON.createParser(data, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an event must be a JSON object");
            }
            Conversion.Builder b = Conversion.builder();
            boolean hasTime = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "session_id" -> b.sessionId(text(p, value, name));
                    case "user_id" -> b.userId(text(p, value, name));
                    case "conversion_id" -> b.conversionId(text(p, value, name));
                    case "label" -> b.label(text(p, value, name));
                    case "revenue" -> b.revenueCents(integer(p, value, name));
                    case "time" -> {
                        b.timeMillis(integer(p, value, name));
                        hasTime = true;
                    }
                    case "properties" -> properties(b, readValue(p, value, 0));
                    default -> throw new IOException("unknown field " + LogText.quoted(name, 64));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("trailing data after the event");
            }
            if (!hasTime) {
                throw new IOException("time is missing");
            }
            return b.build();
        } catch (JsonProcessingException e) {
            throw new IOException("not a valid event: " + e.getOriginalMessage(), e);
        } catch (InvalidConversionException e) {
            throw new IOException("not a valid event: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("not a valid event: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void properties(Conversion.Builder b, @Nullable Object value) throws IOException {
        if (value instanceof Map) {
            b.properties((Map<String, ?>) value);
        } else if (value instanceof List) {
            b.properties((List<? extends Map<String, ?>>) value);
        } else {
            throw new IOException("properties must be an object or an array");
        }
    }

    private static String text(JsonParser p, @Nullable JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IOException(field + " must be a string");
        }
        return p.getText();
    }

    private static long integer(JsonParser p, @Nullable JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new IOException(field + " must be an integer");
        }
        return p.getLongValue();
    }

    private static @Nullable Object readValue(JsonParser p, @Nullable JsonToken t, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("properties nested too deep");
        }
        if (t == null) {
            throw new IOException("truncated properties");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    map.put(key, readValue(p, p.nextToken(), depth + 1));
                }
                if (n != JsonToken.END_OBJECT) {
                    throw new IOException("truncated properties object");
                }
                return map;
            }
            case START_ARRAY -> {
                List<@Nullable Object> list = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, n, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                // Keep the number's text: a double reads back as the same double, anything else exactly.
                String text = p.getText();
                double d = p.getDoubleValue();
                if (Double.toString(d).equals(text)) {
                    return d;
                }
                float f = (float) d;
                return Float.toString(f).equals(text) ? (Object) f : new BigDecimal(text);
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t + " in properties");
        }
    }

    /** A byte array output stream that exposes its buffer, so encoding copies nothing. */
    private static final class Output extends ByteArrayOutputStream {
        Output() {
            super(512);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
