package ai.pagent.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads properties JSON that {@link PropertiesValidator} wrote back into unmodifiable maps and lists,
 * in the order of the text: whole numbers as {@code Integer}, {@code Long} or {@code BigInteger}
 * (the smallest that holds them), other numbers as {@code Double} when a double prints the same text,
 * else as {@code BigDecimal} (so that {@code 9.990} stays {@code 9.990}).
 */
public final class PropertiesTree {
    private PropertiesTree() {}

    /** The tree of {@code json}, which must be valid (as {@code PropertiesValidator} writes it). */
    public static Object read(String json) {
        try (JsonParser p = JsonFactories.SHARED.createParser(json)) {
            Object tree = value(p, p.nextToken());
            if (tree == null) {
                throw new IllegalStateException("properties JSON is empty");
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only valid JSON is stored
        }
    }

    private static @Nullable Object value(JsonParser p, @Nullable JsonToken t) throws IOException {
        if (t == null) {
            return null;
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken()));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                List<@Nullable Object> list = new ArrayList<>();
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, element));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT: {
                String text = p.getText();
                double d = p.getDoubleValue();
                return Double.toString(d).equals(text) ? (Object) d : new BigDecimal(text);
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
