package ai.pagent.samples.servlet;

import ai.pagent.samples.shop.Receipt;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/** The fetch checkout's answers as JSON. */
final class ReceiptJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ReceiptJson() {}

    static void write(Receipt r, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("orderId", r.orderId());
            g.writeStringField("sku", r.sku());
            g.writeStringField("product", r.product());
            g.writeNumberField("quantity", r.quantity());
            g.writeNumberField("totalCents", r.totalCents());
            g.writeStringField("total", r.total());
            g.writeEndObject();
        }
    }

    static void writeError(String message, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        }
    }
}
