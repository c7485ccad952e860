package ai.pagent.samples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.samples.browser.Chromium;
import ai.pagent.samples.browser.Purchase;
import ai.pagent.samples.browser.ShopJourney;
import ai.pagent.samples.browser.ShopJourney.Checkout;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.samples.shop.ShopSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

/** The servlet sample end to end: headless Chromium buys, the sample's local ingest receives. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletCheckoutBrowserTest {
    Chromium chromium;
    WebDriver browser;
    CheckoutServer shop;
    LocalIngest ingest;

    @BeforeAll
    void startBrowser() {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    void quitBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void startShop() {
        shop = CheckoutServer.start(CheckoutConfig.from(Map.of("server.port", "0")::get));
        ingest = shop.localIngest().orElseThrow();
    }

    @AfterEach
    void stopShop() {
        shop.close();
    }

    @ParameterizedTest
    @EnumSource(Checkout.class)
    void aPurchaseReachesTheIngestOnceWithTheBrowsersIdsTheGoalAndTheReceiptsRevenue(Checkout checkout) {
        Purchase purchase = new ShopJourney(browser, shop.uri()).buy(checkout, 3);

        assertThat(purchase.revenueCents()).isEqualTo(3 * 1250);
        assertThat(shop.client().flush(Duration.ofSeconds(20))).isTrue();
        ShopJourney.assertExactlyOneEventFor(ingest.events(), purchase, ShopSettings.DEFAULT_GOAL);
        assertThat(ingest.events().get(0).properties())
                .isEqualTo(Map.of("order", purchase.orderId(), "sku", "notebook", "quantity", 3L));
    }

    @Test
    void theDevPageShowsWhatTheIngestReceivedAndTheClientsCounters() {
        Purchase purchase = new ShopJourney(browser, shop.uri()).buy(Checkout.FORM_POST, 2);
        assertThat(shop.client().flush(Duration.ofSeconds(20))).isTrue();

        browser.get(shop.uri().resolve(ShopPages.DEV_CONVERSIONS).toString());

        assertThat(text(".conversion .session")).isEqualTo(purchase.sessionId());
        assertThat(text(".conversion .revenue")).isEqualTo("2500");
        assertThat(text(".conversion .label")).isEqualTo("checkout");
        assertThat(browser.findElements(By.cssSelector(".conversion"))).hasSize(1);
        assertThat(text("#stats-state")).isEqualTo("RUNNING");
        assertThat(text("#stats-queued")).isEqualTo("1");
        assertThat(text("#stats-accepted")).isEqualTo("1");
        assertThat(text("#stats-failed")).isEqualTo("0");
        assertThat(text("#stats-dropped")).isEqualTo("0");
    }

    @Test
    void theStandInKeepsTheUserForGoodTheSessionPerTabAndMakesAVisitPerPageView() {
        browser.get(shop.uri().toString());
        Map<String, Object> first = variables();
        browser.navigate().refresh();
        Map<String, Object> reloaded = variables();
        String firstTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(shop.uri().toString());
        Map<String, Object> otherTab = variables();
        browser.close();
        browser.switchTo().window(firstTab);

        assertThat(first.get("conversion_id")).isEqualTo(ShopSettings.DEFAULT_GOAL);
        assertThat(reloaded.get("user_id")).isEqualTo(first.get("user_id"));
        assertThat(reloaded.get("session_id")).isEqualTo(first.get("session_id"));
        assertThat(reloaded.get("visit_id")).isNotEqualTo(first.get("visit_id"));
        assertThat(otherTab.get("user_id")).isEqualTo(first.get("user_id"));
        assertThat(otherTab.get("session_id")).isNotEqualTo(first.get("session_id"));
        assertThat(text("#stand-in-notice")).contains("Local stand-in of pagent's browser script");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> variables() {
        return (Map<String, Object>)
                ((JavascriptExecutor) browser).executeScript("return window._pgnt.variables('checkout');");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
