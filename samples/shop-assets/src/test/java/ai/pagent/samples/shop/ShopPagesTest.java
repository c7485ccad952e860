package ai.pagent.samples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.PagentClient;
import ai.pagent.test.ReceivedEvent;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopPagesTest {
    static final ShopSettings STAND_IN = ShopSettings.from(Map.<String, String>of()::get);

    @Test
    void theProductPageLoadsTheLabelledStandInWithTheGoalThenTheForwardHelper() {
        String page = new ShopPages(STAND_IN, "/_pagent/forward.js", true).product(new Shop().featured());

        assertThat(page)
                .contains("<script src=\"/shop/pagent-standin.js\" data-goals=\"{&quot;checkout&quot;:&quot;"
                        + ShopSettings.DEFAULT_GOAL + "&quot;}\"></script>")
                .contains("id=\"stand-in-notice\"")
                .contains("<script src=\"/_pagent/forward.js\" defer></script>")
                .contains("data-pgnt-goal=\"checkout\"")
                .contains("href=\"/_dev/conversions\"")
                .doesNotContain("{{");
        assertThat(page.indexOf("pagent-standin.js")).isLessThan(page.indexOf("/_pagent/forward.js"));
    }

    @Test
    void withAScriptUrlThePageLoadsPagentsScriptAndNoStandIn() {
        ShopSettings real =
                new ShopSettings(ShopSettings.DEFAULT_GOAL, URI.create("https://cdn.pagent.example/p.js?a=1&b=2"));

        String page = new ShopPages(real, "/_pagent/forward.js", false).product(new Shop().featured());

        assertThat(page)
                .contains("<script src=\"https://cdn.pagent.example/p.js?a=1&amp;b=2\"></script>")
                .doesNotContain("pagent-standin.js")
                .doesNotContain("stand-in-notice")
                .doesNotContain("/_dev/conversions");
    }

    @Test
    void theReceiptCarriesTheRevenueInCentsAndEscapesNames() {
        String page =
                new ShopPages(STAND_IN, "/f.js", false).receipt(new Receipt("A-1", "x", "<b>Pens & ink</b>", 2, 2500));

        assertThat(page)
                .contains("<span id=\"revenue\">2500</span>")
                .contains("<span id=\"total\">25.00</span>")
                .contains("&lt;b&gt;Pens &amp; ink&lt;/b&gt;")
                .doesNotContain("<b>Pens");
    }

    @Test
    void theDevPageListsEventsNewestFirstEscapedWithTheClientsCounters() {
        List<ReceivedEvent> events = List.of(
                new ReceivedEvent(
                        "s_old", "u_1", ShopSettings.DEFAULT_GOAL, "checkout", 1250L, null, 1_764_000_000_000L, "{}"),
                new ReceivedEvent(
                        "<s_new>",
                        "u_1",
                        ShopSettings.DEFAULT_GOAL,
                        "checkout",
                        2500L,
                        null,
                        1_764_000_001_000L,
                        "{}"));
        String page;
        try (PagentClient client = PagentClient.builder().dryRun(true).build()) {
            page = ShopPages.devConversions(URI.create("http://127.0.0.1:1234"), events, client.stats());
        }

        assertThat(page.indexOf("&lt;s_new&gt;")).isPositive().isLessThan(page.indexOf("s_old"));
        assertThat(page)
                .contains("<td id=\"stats-state\">RUNNING</td>")
                .contains("<td id=\"stats-queued\">0</td>")
                .contains("<td class=\"revenue\">2500</td>")
                .contains("2025-11-24T16:00:01Z")
                .contains("Conversions (2)");
    }

    @Test
    void aTemplateSlotWithoutAValueIsAnErrorNotABlank() {
        assertThatThrownBy(() -> Template.load("receipt.html").render(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("{{");
    }
}
