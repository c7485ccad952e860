package ai.pagent.samples.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.samples.browser.Chromium;
import ai.pagent.samples.browser.Purchase;
import ai.pagent.samples.browser.ShopJourney;
import ai.pagent.samples.browser.ShopJourney.Checkout;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.samples.shop.ShopSettings;
import ai.pagent.test.ReceivedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The Micronaut sample end to end: headless Chromium buys, the sample's local ingest receives. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicronautCheckoutBrowserTest {
    MicronautCheckout shop;
    LocalIngest ingest;
    Chromium chromium;
    WebDriver browser;

    @BeforeAll
    void start() {
        shop = MicronautCheckout.start(Map.of("micronaut.server.port", -1));
        ingest = shop.context().getBean(LocalIngest.class);
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (shop != null) {
            shop.close();
        }
    }

    /** Buys, waits until the client delivered everything, and returns what arrived meanwhile. */
    List<ReceivedEvent> eventsOf(Runnable purchase) {
        int before = ingest.events().size();
        purchase.run();
        assertThat(shop.context().getBean(PagentClient.class).flush(Duration.ofSeconds(30)))
                .isTrue();
        List<ReceivedEvent> all = ingest.events();
        return all.subList(before, all.size());
    }

    @ParameterizedTest
    @EnumSource(Checkout.class)
    void aPurchaseReachesTheIngestOnceWithTheBrowsersIdsTheGoalAndTheReceiptsRevenue(Checkout checkout) {
        Purchase[] purchase = new Purchase[1];
        List<ReceivedEvent> received =
                eventsOf(() -> purchase[0] = new ShopJourney(browser, shop.uri()).buy(checkout, 3));

        assertThat(purchase[0].revenueCents()).isEqualTo(3 * 1250);
        ShopJourney.assertExactlyOneEventFor(received, purchase[0], ShopSettings.DEFAULT_GOAL);
        assertThat(received.get(0).properties())
                .isEqualTo(Map.of("order", purchase[0].orderId(), "sku", "notebook", "quantity", 3L));
    }

    @Test
    void theDevPageShowsWhatTheIngestReceivedAndTheClientsCounters() {
        Purchase[] purchase = new Purchase[1];
        eventsOf(() -> purchase[0] = new ShopJourney(browser, shop.uri()).buy(Checkout.FORM_POST, 2));
        long accepted = shop.context().getBean(PagentClient.class).stats().accepted();

        browser.get(shop.uri().resolve(ShopPages.DEV_CONVERSIONS).toString());

        assertThat(text(".conversion .session")).isEqualTo(purchase[0].sessionId());
        assertThat(text(".conversion .revenue")).isEqualTo("2500");
        assertThat(browser.findElements(By.cssSelector(".conversion")))
                .hasSize(ingest.events().size());
        assertThat(text("#stats-state")).isEqualTo("RUNNING");
        assertThat(text("#stats-accepted")).isEqualTo(String.valueOf(accepted));
        assertThat(text("#stats-dropped")).isEqualTo("0");
        assertThat(text("#stats-failed")).isEqualTo("0");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
