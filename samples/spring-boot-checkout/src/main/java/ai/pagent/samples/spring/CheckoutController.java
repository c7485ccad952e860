package ai.pagent.samples.spring;

import ai.pagent.samples.shop.Receipt;
import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.spring.TrackConversion;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop: the product page, and the checkout as a form post (answering the receipt page) and as
 * a {@code fetch} (answering JSON). Each checkout handler reports a conversion when it succeeds,
 * with the receipt's total as revenue; the browser's variables come from the form's hidden {@code
 * _pgnt} field or the {@code X-Pagent-Variables} header, and {@code conversion_id} from {@code
 * pagent.goals.checkout}.
 */
@RestController
class CheckoutController {
    private final Shop shop;
    private final ShopPages pages;

    CheckoutController(Shop shop, ShopPages pages) {
        this.shop = shop;
        this.pages = pages;
    }

    @GetMapping(path = ShopPages.PRODUCT, produces = MediaType.TEXT_HTML_VALUE)
    String product() {
        return pages.product(shop.featured());
    }

    @PostMapping(
            path = ShopPages.CHECKOUT,
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    @TrackConversion(
            goal = "checkout",
            revenue = "#result.totalCents",
            properties = "{order: #result.orderId, sku: #result.sku, quantity: #result.quantity}")
    Receipt checkoutForm(@RequestParam String sku, @RequestParam int quantity) {
        return shop.checkout(sku, quantity); // the receipt page, written by ReceiptHtmlConverter
    }

    @PostMapping(
            path = ShopPages.API_CHECKOUT,
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TrackConversion(
            goal = "checkout",
            revenue = "#result.totalCents",
            properties = "{order: #result.orderId, sku: #result.sku, quantity: #result.quantity}")
    Receipt checkoutJson(@RequestBody CartLine line) {
        return shop.checkout(line.sku(), line.quantity());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badCart(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
