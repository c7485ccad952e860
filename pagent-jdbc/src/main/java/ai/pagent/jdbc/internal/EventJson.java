package ai.pagent.jdbc.internal;

import ai.pagent.Conversion;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * An outbox row's {@code event} column: one conversion as the JSON object pagent's ingest takes
 * ({@code session_id}, {@code user_id}, {@code conversion_id}, {@code label}, {@code revenue},
 * {@code properties}, {@code time}), written from {@link Conversion}'s public getters and read back
 * through {@link Conversion#builder()}, so a decoded event is validated like any other.
 */
public final class EventJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // Rows are at most 32 KiB of JSON; nesting beyond the event's own limit is not an event.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(64 * 1024)
                    .maxNumberLength(1000)
                    .build())
            // A pool of this factory's own: no buffers left in ThreadLocals of the app's threads.
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    private EventJson() {}

    /** The event as one JSON object. */
    public static String encode(Conversion c) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("session_id", c.sessionId());
            g.writeStringField("user_id", c.userId());
            g.writeStringField("conversion_id", c.conversionId());
            Optional<String> label = c.label();
            if (label.isPresent()) {
                g.writeStringField("label", label.get());
            }
            OptionalLong revenue = c.revenueCents();
            if (revenue.isPresent()) {
                g.writeNumberField("revenue", revenue.getAsLong());
            }
            Optional<Object> properties = c.properties();
            if (properties.isPresent()) {
                g.writeFieldName("properties");
                writeValue(g, properties.get());
            }
            g.writeNumberField("time", c.timeMillis());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Rebuilds the event of a row.
     *
     * @throws IllegalArgumentException naming what is wrong when the text is not an event: not
     *     JSON, a field of the wrong type, or an event that {@link Conversion.Builder#build()}
     *     rejects (an {@code InvalidConversionException})
     */
    public static Conversion decode(String json) {
        Conversion.Builder b = Conversion.builder();
        boolean hasTime = false;
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "the event must be a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "session_id":
                        b.sessionId(text(p, value, name));
                        break;
                    case "user_id":
                        b.userId(text(p, value, name));
                        break;
                    case "conversion_id":
                        b.conversionId(text(p, value, name));
                        break;
                    case "label":
                        b.label(value == JsonToken.VALUE_NULL ? null : text(p, value, name));
                        break;
                    case "revenue":
                        if (value != JsonToken.VALUE_NULL) {
                            b.revenueCents(whole(p, value, name));
                        }
                        break;
                    case "time":
                        b.timeMillis(whole(p, value, name));
                        hasTime = true;
                        break;
                    case "properties":
                        properties(b, readValue(p, value));
                        break;
                    default:
                        p.skipChildren(); // a field of a later format: not ours to judge
                }
            }
            expect(t == JsonToken.END_OBJECT && p.nextToken() == null, "trailing content after the event");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail
        }
        expect(hasTime, "time: missing (the outbox stores the moment the conversion was built)");
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static void properties(Conversion.Builder b, @Nullable Object value) {
        if (value == null) {
            b.properties((Map<String, ?>) null);
        } else if (value instanceof Map) {
            b.properties((Map<String, ?>) value);
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            for (Object element : list) {
                expect(element instanceof Map, "properties: an array must hold only objects");
            }
            b.properties((List<? extends Map<String, ?>>) list);
        } else {
            throw new IllegalArgumentException("properties: must be an object or an array of objects");
        }
    }

    private static String text(JsonParser p, @Nullable JsonToken t, String field) throws IOException {
        expect(t == JsonToken.VALUE_STRING, field + ": must be a string");
        return p.getText();
    }

    private static long whole(JsonParser p, @Nullable JsonToken t, String field) throws IOException {
        expect(
                t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER,
                field + ": must be a whole number that fits a long");
        return p.getLongValue();
    }

    private static @Nullable Object readValue(JsonParser p, @Nullable JsonToken t) throws IOException {
        if (t == null) {
            throw new IllegalArgumentException("properties: the JSON ends early");
        }
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                // A double comes back as the same double; anything else exactly, as a BigDecimal.
                // Either way, encoding the event again writes the very same text.
                String text = p.getText();
                double d = p.getDoubleValue();
                return Double.toString(d).equals(text) ? (Object) d : new BigDecimal(text);
            }
            case START_OBJECT: {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    map.put(key, readValue(p, p.nextToken()));
                }
                expect(k == JsonToken.END_OBJECT, "properties: malformed object");
                return map;
            }
            case START_ARRAY: {
                List<@Nullable Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, e));
                }
                return list;
            }
            default:
                throw new IllegalArgumentException("properties: unexpected " + t);
        }
    }

    private static void writeValue(JsonGenerator g, @Nullable Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List) {
            g.writeStartArray();
            for (Object element : (List<?>) value) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double) {
            g.writeNumber((Double) value);
        } else if (value instanceof Float) {
            g.writeNumber((Float) value);
        } else if (value instanceof BigDecimal) {
            g.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            g.writeNumber((BigInteger) value);
        } else {
            // Unreachable for a built Conversion, whose properties hold only the types above.
            throw new IllegalStateException("not a validated properties value: " + value.getClass());
        }
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
