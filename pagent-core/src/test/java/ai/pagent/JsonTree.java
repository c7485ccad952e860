package ai.pagent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON into plain Java values with jackson-core's streaming parser, independently of the
 * writer under test: objects become maps, arrays lists, numbers {@link BigDecimal}s. Strict: fails
 * on duplicate keys and on anything after the root value.
 */
final class JsonTree {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTree() {}

    static @Nullable Object parse(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            Object value = read(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static @Nullable Object parse(String json) {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The events of an encoded batch. */
    @SuppressWarnings("unchecked")
    static List<Map<String, @Nullable Object>> events(byte[] batch) {
        Map<String, Object> root = (Map<String, Object>) parse(batch);
        if (root == null || root.size() != 1) {
            throw new IllegalArgumentException("not a batch: " + root);
        }
        return (List<Map<String, @Nullable Object>>) root.get("events");
    }

    private static @Nullable Object read(JsonParser p, @Nullable JsonToken t) throws IOException {
        if (t == null) {
            throw new IllegalArgumentException("unexpected end");
        }
        switch (t) {
            case START_OBJECT:
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            case START_ARRAY:
                List<@Nullable Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(p, next));
                }
                return list;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return new BigDecimal(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected " + t);
        }
    }

    /**
     * Whether a decoded JSON value stands for the Java properties value given to a Conversion:
     * numbers by value (doubles and floats as the nearest double or float), arrays as lists.
     */
    static boolean sameValue(@Nullable Object given, @Nullable Object decoded) {
        if (given == null || decoded == null) {
            return given == decoded;
        }
        if (given instanceof Map) {
            if (!(decoded instanceof Map)) {
                return false;
            }
            Map<?, ?> a = (Map<?, ?>) given;
            Map<?, ?> b = (Map<?, ?>) decoded;
            if (!a.keySet().equals(b.keySet())) {
                return false;
            }
            for (Map.Entry<?, ?> e : a.entrySet()) {
                if (!sameValue(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (given.getClass().isArray()) {
            if (given instanceof char[]) {
                return new String((char[]) given).equals(decoded);
            }
            List<Object> asList = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(given); i++) {
                asList.add(java.lang.reflect.Array.get(given, i));
            }
            return sameValue(asList, decoded);
        }
        if (given instanceof List) {
            if (!(decoded instanceof List)) {
                return false;
            }
            List<?> a = (List<?>) given;
            List<?> b = (List<?>) decoded;
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (given instanceof Double) {
            return decoded instanceof BigDecimal && Double.parseDouble(decoded.toString()) == (Double) given;
        }
        if (given instanceof Float) {
            return decoded instanceof BigDecimal && Float.parseFloat(decoded.toString()) == (Float) given;
        }
        if (given instanceof BigDecimal) {
            return decoded instanceof BigDecimal && ((BigDecimal) given).compareTo((BigDecimal) decoded) == 0;
        }
        if (given instanceof BigInteger) {
            return decoded instanceof BigDecimal
                    && new BigDecimal((BigInteger) given).compareTo((BigDecimal) decoded) == 0;
        }
        if (given instanceof Number) {
            return decoded instanceof BigDecimal
                    && BigDecimal.valueOf(((Number) given).longValue()).compareTo((BigDecimal) decoded) == 0;
        }
        return given.equals(decoded);
    }
}
