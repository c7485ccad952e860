package ai.pagent.samples.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * What the buyer orders: a product and how many.
 *
 * @param sku the product
 * @param quantity how many
 */
record CartLine(String sku, int quantity) {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The form fields {@code sku} and {@code quantity}.
     *
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    static CartLine fromForm(@Nullable String sku, @Nullable String quantity) {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("sku: required");
        }
        if (quantity == null) {
            throw new IllegalArgumentException("quantity: required");
        }
        try {
            return new CartLine(sku, Integer.parseInt(quantity.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quantity: must be a whole number");
        }
    }

    /**
     * The JSON object {@code {"sku": "...", "quantity": 2}}; other fields are ignored.
     *
     * @throws IllegalArgumentException when the body is not such an object, naming the field
     */
    static CartLine fromJson(InputStream body) throws IOException {
        String sku = null;
        Integer quantity = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("body: must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("sku".equals(field) && value == JsonToken.VALUE_STRING) {
                    sku = p.getText();
                } else if ("quantity".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    quantity = p.getIntValue();
                } else if ("sku".equals(field) || "quantity".equals(field)) {
                    throw new IllegalArgumentException(
                            field + ": must be a " + ("sku".equals(field) ? "string" : "whole number"));
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body: not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("sku: required");
        }
        if (quantity == null) {
            throw new IllegalArgumentException("quantity: required");
        }
        return new CartLine(sku, quantity);
    }
}
