package ai.pagent.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of {@code PagentVariables}: the object the browser's {@code
 * window._pgnt.variables(label)} returns, {@code {"session_id": ..., "user_id": ..., "visit_id":
 * ..., "conversion_id": ...}}. Works on plain strings; {@code PagentVariables} validates them.
 */
public final class VariablesJson {
    private VariablesJson() {}

    /**
     * Reads the browser's object strictly: the four keys as strings (or {@code null}), other keys
     * ignored, nothing after the object. Checks the syntax, not the values.
     *
     * @return session, user, visit and conversion id, in that order, {@code null} where absent
     *
     * @throws IllegalArgumentException naming the field or the syntax problem; never echoes the
     *     input beyond a short excerpt of a bad id
     */
    public static @Nullable String[] read(String json) {
        try (JsonParser p = JsonFactories.SHARED.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("variables JSON must be an object");
            }
            @Nullable String session = null;
            @Nullable String user = null;
            @Nullable String visit = null;
            @Nullable String conversion = null;
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int bit;
                switch (name) {
                    case "session_id":
                        bit = 1;
                        session = text(p, value, name);
                        break;
                    case "user_id":
                        bit = 2;
                        user = text(p, value, name);
                        break;
                    case "visit_id":
                        bit = 4;
                        visit = text(p, value, name);
                        break;
                    case "conversion_id":
                        bit = 8;
                        conversion = text(p, value, name);
                        break;
                    default:
                        bit = 0;
                        p.skipChildren();
                }
                if ((seen & bit) != 0) {
                    // Two values for one id: taking either could attribute to the wrong session.
                    throw new IllegalArgumentException(name + ": appears more than once");
                }
                seen |= bit;
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("variables JSON must be a single object");
            }
            return new @Nullable String[] {session, user, visit, conversion};
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(
                    "variables JSON is malformed"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()),
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    private static @Nullable String text(JsonParser p, @Nullable JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new IllegalArgumentException(name + ": must be a string, was " + describe(value));
    }

    private static String describe(@Nullable JsonToken token) {
        if (token == null) {
            return "missing";
        }
        switch (token) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return token.asString() == null ? token.name() : token.asString();
        }
    }

    /** Writes the four ids as the browser's object, {@code null} for absent ones. */
    public static String write(
            String sessionId, String userId, @Nullable String visitId, @Nullable String conversionId) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator g = JsonFactories.SHARED.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("session_id", sessionId);
            g.writeStringField("user_id", userId);
            writeNullable(g, "visit_id", visitId);
            writeNullable(g, "conversion_id", conversionId);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeNullable(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }
}
