package ai.pagent.samples.micronaut;

import ai.pagent.micronaut.TrackConversion;
import ai.pagent.samples.shop.Receipt;
import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import java.util.Map;

/**
 * The shop: the product page, and the checkout as a form post (answering the receipt page, written
 * by {@link ReceiptHtmlWriter}) and as a {@code fetch} (answering JSON). Each checkout handler
 * reports a conversion when it succeeds, with the receipt's {@code totalCents} as revenue.
 */
@Controller
class CheckoutController {
    private final Shop shop;
    private final ShopPages pages;

    CheckoutController(Shop shop, ShopPages pages) {
        this.shop = shop;
        this.pages = pages;
    }

    @Get(uri = ShopPages.PRODUCT, produces = MediaType.TEXT_HTML)
    String product() {
        return pages.product(shop.featured());
    }

    @Post(uri = ShopPages.CHECKOUT, consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    @TrackConversion(
            goal = "checkout",
            revenueFrom = "totalCents",
            properties = {
                @TrackConversion.Property(name = "order", from = "orderId"),
                @TrackConversion.Property(name = "sku", from = "sku"),
                @TrackConversion.Property(name = "quantity", from = "quantity")
            })
    Receipt checkoutForm(@Body("sku") String sku, @Body("quantity") int quantity) {
        return shop.checkout(sku, quantity);
    }

    @Post(uri = ShopPages.API_CHECKOUT, consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @TrackConversion(
            goal = "checkout",
            revenueFrom = "totalCents",
            properties = {
                @TrackConversion.Property(name = "order", from = "orderId"),
                @TrackConversion.Property(name = "sku", from = "sku"),
                @TrackConversion.Property(name = "quantity", from = "quantity")
            })
    Receipt checkoutJson(@Body CartLine line) {
        return shop.checkout(line.sku(), line.quantity());
    }

    @Error(exception = IllegalArgumentException.class)
    @Produces(MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, String>> badCart(IllegalArgumentException e) {
        return HttpResponse.badRequest(Map.of("error", String.valueOf(e.getMessage())));
    }
}
