package ai.pagent.samples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentVariables;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.samples.shop.ShopSettings;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shop over plain HTTP: both modes (local ingest, API key), the checkout's answers, the assets. */
class CheckoutServerTest {
    static final String GOAL = "0b7e5a4c-6f1d-4d2b-8a3e-9c8d7e6f5a4b";
    static final PagentVariables VISITOR = PagentVariables.of("s_http", "u_http", "v_http", GOAL);

    final HttpClient http = HttpClient.newHttpClient();

    static CheckoutServer localShop() {
        return CheckoutServer.start(CheckoutConfig.from(Map.of("server.port", "0")::get));
    }

    @Test
    void withAnApiKeyTheShopReportsToTheConfiguredIngestAndHasNoDevPage() throws Exception {
        try (FakeIngest pagent = FakeIngest.start()) {
            Map<String, String> config = new HashMap<>();
            config.put("server.port", "0");
            config.put("pagent.api-key", pagent.apiKey());
            config.put("pagent.endpoint", pagent.endpoint().toString());
            try (CheckoutServer shop = CheckoutServer.start(CheckoutConfig.from(config::get))) {
                assertThat(shop.localIngest()).isEmpty();
                assertThat(get(shop, ShopPages.DEV_CONVERSIONS).statusCode()).isEqualTo(404);
                assertThat(get(shop, "/").body()).doesNotContain(ShopPages.DEV_CONVERSIONS);

                HttpResponse<String> receipt =
                        postForm(shop, "sku=notebook&quantity=4&_pgnt=" + encode(VISITOR.toJson()));

                assertThat(receipt.statusCode()).isEqualTo(200);
                assertThat(receipt.body()).contains("<span id=\"revenue\">5000</span>");
                assertThat(shop.client().flush(Duration.ofSeconds(20))).isTrue();
                assertThat(pagent.events()).singleElement().satisfies(e -> {
                    assertThat(e.sessionId()).isEqualTo("s_http");
                    assertThat(e.userId()).isEqualTo("u_http");
                    assertThat(e.conversionId()).isEqualTo(GOAL);
                    assertThat(e.revenue()).isEqualTo(5000L);
                });
            }
        }
    }

    @Test
    void withoutAKeyTheDevPageListsWhatTheLocalIngestReceived() throws Exception {
        try (CheckoutServer shop = localShop()) {
            postJson(shop, "{\"sku\":\"notebook\",\"quantity\":1}", VISITOR.toJson());
            assertThat(shop.client().flush(Duration.ofSeconds(20))).isTrue();

            HttpResponse<String> dev = get(shop, ShopPages.DEV_CONVERSIONS);

            assertThat(dev.statusCode()).isEqualTo(200);
            assertThat(dev.body())
                    .contains("<td class=\"session\">s_http</td>")
                    .contains("<td class=\"revenue\">1250</td>")
                    .contains("<td id=\"stats-accepted\">1</td>")
                    .contains(shop.localIngest().orElseThrow().endpoint().toString());
            assertThat(get(shop, "/").body()).contains("href=\"" + ShopPages.DEV_CONVERSIONS + "\"");
        }
    }

    @Test
    void theFetchCheckoutAnswersTheReceiptAsJsonAndTakesTheVariablesFromTheHeader() throws Exception {
        try (CheckoutServer shop = localShop()) {
            HttpResponse<String> receipt =
                    postJson(shop, "{\"quantity\":2,\"sku\":\"notebook\",\"note\":{}}", VISITOR.toJson());

            assertThat(receipt.statusCode()).isEqualTo(200);
            assertThat(receipt.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(receipt.body())
                    .matches("\\{\"orderId\":\"A-\\d+\",\"sku\":\"notebook\",\"product\":\"Field notebook\","
                            + "\"quantity\":2,\"totalCents\":2500,\"total\":\"25.00\"}");
            assertThat(shop.client().flush(Duration.ofSeconds(20))).isTrue();
            assertThat(shop.localIngest().orElseThrow().events())
                    .extracting(ReceivedEvent::revenue)
                    .containsExactly(2500L);
        }
    }

    @Test
    void aCheckoutWithoutVariablesStillSucceedsAndReportsNothing() throws Exception {
        try (CheckoutServer shop = localShop()) {
            HttpResponse<String> receipt = postForm(shop, "sku=notebook&quantity=1");

            assertThat(receipt.statusCode()).isEqualTo(200);
            assertThat(receipt.body()).contains("<span id=\"revenue\">1250</span>");
            assertThat(shop.client().flush(Duration.ofSeconds(20))).isTrue();
            assertThat(shop.client().stats().queued()).isZero();
            assertThat(shop.localIngest().orElseThrow().events()).isEmpty();
        }
    }

    @Test
    void badCartsAreRefusedNamingTheFieldAndReportNothing() throws Exception {
        try (CheckoutServer shop = localShop()) {
            String pgnt = "&_pgnt=" + encode(VISITOR.toJson());
            assertThat(postForm(shop, "sku=notebook&quantity=11" + pgnt))
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                    .satisfies(r -> assertThat(r.body()).contains("quantity: must be between 1 and 10, was 11"));
            assertThat(postForm(shop, "sku=notebook&quantity=two" + pgnt).body())
                    .contains("quantity: must be a whole number");
            assertThat(postForm(shop, "sku=%3Cscript%3E&quantity=1" + pgnt).body())
                    .contains("sku: the shop sells no &#39;&lt;script&gt;&#39;");
            HttpResponse<String> json = postJson(shop, "{\"sku\":\"notebook\",\"quantity\":\"2\"}", VISITOR.toJson());
            assertThat(json.statusCode()).isEqualTo(400);
            assertThat(json.body()).isEqualTo("{\"error\":\"quantity: must be a whole number\"}");
            assertThat(postJson(shop, "[1]", VISITOR.toJson()).body())
                    .isEqualTo("{\"error\":\"body: must be a JSON object\"}");
            assertThat(postJson(shop, "{\"sku\":", VISITOR.toJson()).body())
                    .startsWith("{\"error\":\"body: not valid JSON");

            assertThat(shop.client().stats().queued()).isZero();
        }
    }

    @Test
    void servesTheForwardHelperTheStandInAndTheStylesAndNothingElse() throws Exception {
        try (CheckoutServer shop = localShop()) {
            assertThat(get(shop, "/_pagent/forward.js").body()).contains("window.pagentForward");
            assertThat(get(shop, "/shop/pagent-standin.js").body()).contains("LOCAL STAND-IN");
            assertThat(get(shop, "/shop/shop.css").statusCode()).isEqualTo(200);
            HttpResponse<String> folder = get(shop, "/shop/");
            assertThat(folder.statusCode())
                    .as("no listing of the assets folder")
                    .isEqualTo(403);
            assertThat(folder.body()).doesNotContain("shop.css");
            assertThat(get(shop, "/shop/../WEB-INF/x").statusCode()).isIn(400, 404);
            assertThat(get(shop, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theProductPageLoadsPagentsRealScriptWhenConfigured() throws Exception {
        Map<String, String> config = Map.of(
                "server.port",
                "0",
                ShopSettings.SCRIPT_URL_KEY,
                "https://cdn.pagent.example/p.js",
                ShopSettings.GOAL_KEY,
                GOAL);
        try (CheckoutServer shop = CheckoutServer.start(CheckoutConfig.from(config::get))) {
            String page = get(shop, "/").body();

            assertThat(page).contains("<script src=\"https://cdn.pagent.example/p.js\"></script>");
            assertThat(page).doesNotContain("pagent-standin.js").doesNotContain("stand-in-notice");
        }
    }

    HttpResponse<String> get(CheckoutServer shop, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(shop.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(CheckoutServer shop, String form) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(shop.uri().resolve(ShopPages.CHECKOUT))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(CheckoutServer shop, String json, String variables)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(shop.uri().resolve(ShopPages.API_CHECKOUT))
                        .header("Content-Type", "application/json")
                        .header("X-Pagent-Variables", variables)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
