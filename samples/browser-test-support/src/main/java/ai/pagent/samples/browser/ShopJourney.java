package ai.pagent.samples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.ReceivedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A buyer's way through a sample shop in a real browser: open the product page, read the ids
 * pagent's script (or its local stand-in) gives this browser, click buy, read the receipt.
 */
public final class ShopJourney {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver browser;
    private final URI shop;

    /**
     * A journey through the shop at {@code shop} (its product page).
     *
     * @param browser the browser
     * @param shop the product page's URL
     */
    public ShopJourney(WebDriver browser, URI shop) {
        this.browser = browser;
        this.shop = shop;
    }

    /** How the product page sends the checkout. */
    public enum Checkout {
        /** The form's submit button: a form post, the variables in the hidden {@code _pgnt} field. */
        FORM_POST("buy"),
        /** The fetch button: a JSON post, the variables in the {@code X-Pagent-Variables} header. */
        FETCH("buy-fetch");

        private final String button;

        Checkout(String button) {
            this.button = button;
        }
    }

    /**
     * Opens the product page, sets the quantity, buys with {@code checkout}, and waits for the
     * receipt.
     */
    public Purchase buy(Checkout checkout, int quantity) {
        browser.get(shop.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("pgnt-session"), "?")));
        @SuppressWarnings("unchecked")
        Map<String, Object> ids = (Map<String, Object>)
                ((JavascriptExecutor) browser).executeScript("return window._pgnt.variables('checkout');");
        assertThat(ids)
                .as("window._pgnt.variables('checkout') on the product page")
                .isNotNull();

        var field = browser.findElement(By.id("quantity-input"));
        field.clear();
        field.sendKeys(String.valueOf(quantity));
        browser.findElement(By.id(checkout.button)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("revenue")));

        return new Purchase(
                String.valueOf(ids.get("session_id")),
                String.valueOf(ids.get("user_id")),
                String.valueOf(ids.get("conversion_id")),
                browser.findElement(By.id("order-id")).getText(),
                Long.parseLong(browser.findElement(By.id("revenue")).getText().trim()));
    }

    /**
     * Asserts that {@code received} is exactly one event: {@code purchase}'s session and user, the
     * goal {@code conversionId}, the label {@code checkout} and the receipt's revenue.
     */
    public static void assertExactlyOneEventFor(List<ReceivedEvent> received, Purchase purchase, String conversionId) {
        assertThat(received).as("events the ingest received").hasSize(1);
        ReceivedEvent event = received.get(0);
        assertThat(event.sessionId()).as("session_id").isEqualTo(purchase.sessionId());
        assertThat(event.userId()).as("user_id").isEqualTo(purchase.userId());
        assertThat(event.conversionId()).as("conversion_id").isEqualTo(conversionId);
        assertThat(event.label()).as("label").isEqualTo("checkout");
        assertThat(event.revenue()).as("revenue").isEqualTo(purchase.revenueCents());
    }
}
