package ai.pagent.test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates a {@code /v1/conversions} body with a strict streaming parser. It reports the
 * first violation, but keeps reading to count the events, so that rejected requests still show how
 * big a batch the client sent.
 */
final class BatchParser {

    static final int MAX_EVENTS = 100;

    private static final JsonFactory JSON = new JsonFactory();

    private final byte[] body;
    private final boolean keepEvents;
    private @Nullable String error;
    private int eventCount;
    private final List<ReceivedEvent> events = new ArrayList<>();

    private BatchParser(byte[] body, boolean keepEvents) {
        this.body = body;
        this.keepEvents = keepEvents;
    }

    /** What a body held: its event count, and either the events or the first violation. */
    record Batch(
            int eventCount,
            List<ReceivedEvent> events,
            @Nullable String error) {}

    /**
     * Parses a body.
     *
     * @param keepEvents whether to build the {@link ReceivedEvent}s (not needed when only counting)
     */
    static Batch parse(byte[] body, boolean keepEvents) {
        BatchParser parser = new BatchParser(body, keepEvents);
        try {
            parser.readBody();
        } catch (JsonProcessingException e) {
            return new Batch(
                    0,
                    List.of(),
                    "body is not valid JSON: " + e.getOriginalMessage() + " at "
                            + (e.getLocation() == null
                                    ? "?"
                                    : "line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            return new Batch(0, List.of(), "body could not be read: " + e.getMessage());
        }
        return new Batch(
                parser.eventCount, parser.error == null ? List.copyOf(parser.events) : List.of(), parser.error);
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    private void readBody() throws IOException {
        if (body.length == 0) {
            fail("body is empty; expected a JSON object with an events array");
            return;
        }
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                fail("body must be a JSON object with an events array, got " + describe(first));
                return;
            }
            boolean sawEvents = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("events".equals(name)) {
                    sawEvents = true;
                    readEvents(p, value);
                } else {
                    p.skipChildren();
                }
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                fail("unexpected content after the JSON object: " + describe(trailing));
            }
            if (!sawEvents) {
                fail("events is required");
            }
        }
    }

    private void readEvents(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            fail("events must be an array of 1 to " + MAX_EVENTS + " objects, got " + describe(token));
            p.skipChildren();
            return;
        }
        String countError = null;
        int index = 0;
        events.clear();
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (index == MAX_EVENTS) {
                countError = "events must hold 1 to " + MAX_EVENTS + " events, got more";
            }
            if (element == JsonToken.START_OBJECT) {
                readEvent(p, index);
            } else {
                fail("events[" + index + "] must be an object, got " + describe(element));
                p.skipChildren();
            }
            index++;
        }
        eventCount = index;
        if (index == 0) {
            countError = "events must hold 1 to " + MAX_EVENTS + " events, got 0";
        } else if (countError != null) {
            countError = "events must hold 1 to " + MAX_EVENTS + " events, got " + index;
        }
        if (countError != null) {
            // The batch-level problem is the one worth reporting.
            error = countError;
        }
    }

    private void readEvent(JsonParser p, int index) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        String at = "events[" + index + "].";
        String sessionId = null;
        String userId = null;
        String conversionId = null;
        String label = null;
        Long revenue = null;
        Object properties = null;
        Number time = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "session_id" -> sessionId = requiredString(p, t, at + name);
                case "user_id" -> userId = requiredString(p, t, at + name);
                case "conversion_id" -> conversionId = requiredString(p, t, at + name);
                case "label" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        label = p.getText();
                    } else if (t != JsonToken.VALUE_NULL) {
                        fail(at + "label must be a string, got " + describe(t));
                        p.skipChildren();
                    }
                }
                case "revenue" -> revenue = revenue(p, t, at + name);
                case "properties" -> properties = properties(p, t, at + name);
                case "time" -> {
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        time = number(p, t, at + name);
                    } else if (t != JsonToken.VALUE_NULL) {
                        fail(at + "time must be a number (Unix milliseconds), got " + describe(t));
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren(); // unknown fields: accepted, as the real server is unspecified
            }
        }
        int end = (int) p.currentTokenLocation().getByteOffset() + 1;
        if (sessionId == null) {
            fail(at + "session_id is required");
        }
        if (userId == null) {
            fail(at + "user_id is required");
        }
        if (conversionId == null) {
            fail(at + "conversion_id is required");
        }
        if (keepEvents && error == null && sessionId != null && userId != null && conversionId != null) {
            String json = new String(body, start, end - start, StandardCharsets.UTF_8);
            events.add(new ReceivedEvent(sessionId, userId, conversionId, label, revenue, properties, time, json));
        }
    }

    private @Nullable String requiredString(JsonParser p, JsonToken t, String at) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (!text.isEmpty()) {
                return text;
            }
            fail(at + " must be a non-empty string, got \"\"");
            return "";
        }
        fail(at + " must be a non-empty string, got " + describe(t));
        p.skipChildren();
        return "";
    }

    private @Nullable Long revenue(JsonParser p, JsonToken t, String at) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                fail(at + " must be an integer that fits in 64 bits, got " + p.getText());
                return null;
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            fail(at + " must be an integer (cents), got " + p.getText());
        } else {
            fail(at + " must be an integer (cents), got " + describe(t));
            p.skipChildren();
        }
        return null;
    }

    private @Nullable Object properties(JsonParser p, JsonToken t, String at) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            return value(p, t, at);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            int i = 0;
            JsonToken element;
            while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                if (element != JsonToken.START_OBJECT) {
                    fail(at + "[" + i + "] must be an object, got " + describe(element));
                }
                list.add(value(p, element, at + "[" + i + "]"));
                i++;
            }
            return Collections.unmodifiableList(list);
        }
        if (t != JsonToken.VALUE_NULL) {
            fail(at + " must be an object or an array of objects, got " + describe(t));
            p.skipChildren();
        }
        return null;
    }

    private @Nullable Object value(JsonParser p, JsonToken t, String at) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken(), at + "." + name));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY -> {
                List<@Nullable Object> list = new ArrayList<>();
                int i = 0;
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, element, at + "[" + i++ + "]"));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return number(p, t, at);
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Reads a number the way a Jackson-based server binds it: a fraction or exponent as a
     * {@code double}, which must be finite ({@code 1E+1000000} is not). Numbers longer than Jackson's
     * default limit (1 000 characters) never get here: the parser refuses them.
     */
    private Number number(JsonParser p, JsonToken t, String at) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = p.getDoubleValue();
            if (Double.isInfinite(value)) {
                String text = p.getText();
                fail(at + " must be a finite number, got " + (text.length() > 40 ? text.substring(0, 40) + "…" : text));
            }
            return value;
        }
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
    }

    private static String describe(@Nullable JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
