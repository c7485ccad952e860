package ai.pagent.samples.micronaut;

import ai.pagent.samples.shop.Receipt;
import ai.pagent.samples.shop.ShopPages;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.codec.CodecException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Receipt} as the receipt page, so the form checkout can return the receipt itself. */
@Singleton
@Produces(MediaType.TEXT_HTML)
final class ReceiptHtmlWriter implements MessageBodyWriter<Receipt> {
    private final ShopPages pages;

    ReceiptHtmlWriter(ShopPages pages) {
        this.pages = pages;
    }

    @Override
    public void writeTo(
            Argument<Receipt> type, MediaType mediaType, Receipt receipt, MutableHeaders headers, OutputStream out)
            throws CodecException {
        headers.set("Content-Type", MediaType.TEXT_HTML + ";charset=UTF-8");
        try {
            out.write(pages.receipt(receipt).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CodecException("could not write the receipt page", e);
        }
    }
}
