package ai.pagent.test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The two response bodies of the contract, properly escaped. */
final class JsonBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonBodies() {}

    static byte[] accepted(int count) {
        return ("{\"accepted\":" + count + "}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length() + 16);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
