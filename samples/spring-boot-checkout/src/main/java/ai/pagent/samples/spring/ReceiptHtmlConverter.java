package ai.pagent.samples.spring;

import ai.pagent.samples.shop.Receipt;
import ai.pagent.samples.shop.ShopPages;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Writes a {@link Receipt} as the receipt page, so the form checkout can return the receipt itself
 * (and {@code @TrackConversion} read {@code #result.totalCents}) while the browser gets HTML.
 */
final class ReceiptHtmlConverter extends AbstractHttpMessageConverter<Receipt> {
    private final ShopPages pages;

    ReceiptHtmlConverter(ShopPages pages) {
        super(StandardCharsets.UTF_8, MediaType.TEXT_HTML);
        this.pages = pages;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return Receipt.class.equals(type);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected Receipt readInternal(Class<? extends Receipt> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("a receipt page is not read back", input);
    }

    @Override
    protected void writeInternal(Receipt receipt, HttpOutputMessage output) throws java.io.IOException {
        output.getBody().write(pages.receipt(receipt).getBytes(StandardCharsets.UTF_8));
    }
}
