package ai.pagent.samples.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.samples.shop.ShopSettings;
import ai.pagent.test.FakeIngest;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample with an API key: it reports to the configured ingest (standing in for pagent), has no
 * dev page, and sends the configured goal as the conversion id whatever the browser said.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicronautCheckoutTest {
    static final String OTHER_GOAL = "0b7e5a4c-6f1d-4d2b-8a3e-9c8d7e6f5a4b";

    final HttpClient http = HttpClient.newHttpClient();
    FakeIngest pagent;
    MicronautCheckout shop;

    @BeforeAll
    void start() {
        pagent = FakeIngest.start();
        shop = MicronautCheckout.start(Map.of(
                "micronaut.server.port", -1,
                "pagent.api-key", pagent.apiKey(),
                "pagent.endpoint", pagent.endpoint().toString()));
    }

    @AfterAll
    void stop() {
        if (shop != null) {
            shop.close();
        }
        if (pagent != null) {
            pagent.close();
        }
    }

    @Test
    void withAnApiKeyThereIsNoLocalIngestAndNoDevPage() throws Exception {
        assertThat(shop.context().containsBean(LocalIngest.class)).isFalse();
        assertThat(get(ShopPages.DEV_CONVERSIONS).statusCode()).isEqualTo(404);
        assertThat(get(ShopPages.PRODUCT).body())
                .contains("pagent-standin.js")
                .doesNotContain(ShopPages.DEV_CONVERSIONS);
    }

    @Test
    void theFormCheckoutAnswersTheReceiptPageAndReportsTheConfiguredGoalWithTheRevenue() throws Exception {
        pagent.reset();
        PagentVariables browser = PagentVariables.of("s_form", "u_form", "v_form", OTHER_GOAL);

        HttpResponse<String> receipt = post(
                ShopPages.CHECKOUT,
                "application/x-www-form-urlencoded",
                "sku=notebook&quantity=4&_pgnt=" + URLEncoder.encode(browser.toJson(), StandardCharsets.UTF_8),
                null);

        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(receipt.body()).contains("<span id=\"revenue\">5000</span>");
        assertThat(shop.context().getBean(PagentClient.class).flush(Duration.ofSeconds(30)))
                .isTrue();
        assertThat(pagent.events()).singleElement().satisfies(e -> {
            assertThat(e.sessionId()).isEqualTo("s_form");
            assertThat(e.userId()).isEqualTo("u_form");
            assertThat(e.conversionId()).isEqualTo(ShopSettings.DEFAULT_GOAL);
            assertThat(e.label()).isEqualTo("checkout");
            assertThat(e.revenue()).isEqualTo(5000L);
        });
    }

    @Test
    void theFetchCheckoutAnswersJsonAndReadsTheVariablesFromTheHeader() throws Exception {
        pagent.reset();
        PagentVariables browser = PagentVariables.of("s_fetch", "u_fetch", "v_fetch", ShopSettings.DEFAULT_GOAL);

        HttpResponse<String> receipt = post(
                ShopPages.API_CHECKOUT, "application/json", "{\"sku\":\"notebook\",\"quantity\":2}", browser.toJson());

        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains("\"totalCents\":2500").contains("\"sku\":\"notebook\"");
        assertThat(shop.context().getBean(PagentClient.class).flush(Duration.ofSeconds(30)))
                .isTrue();
        assertThat(pagent.events()).singleElement().satisfies(e -> {
            assertThat(e.sessionId()).isEqualTo("s_fetch");
            assertThat(e.revenue()).isEqualTo(2500L);
        });
    }

    @Test
    void aRefusedCartAnswers400NamingTheFieldAndReportsNothing() throws Exception {
        pagent.reset();
        long queued = shop.context().getBean(PagentClient.class).stats().queued();
        PagentVariables browser = PagentVariables.of("s_bad", "u_bad", "v_bad", ShopSettings.DEFAULT_GOAL);

        HttpResponse<String> refused = post(
                ShopPages.API_CHECKOUT, "application/json", "{\"sku\":\"notebook\",\"quantity\":11}", browser.toJson());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("quantity: must be between 1 and 10, was 11");
        assertThat(shop.context().getBean(PagentClient.class).flush(Duration.ofSeconds(30)))
                .isTrue();
        assertThat(shop.context().getBean(PagentClient.class).stats().queued()).isEqualTo(queued);
        assertThat(pagent.events()).isEmpty();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(shop.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String variables)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(shop.uri().resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (variables != null) {
            request.header("X-Pagent-Variables", variables);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
