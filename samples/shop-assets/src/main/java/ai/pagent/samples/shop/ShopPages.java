package ai.pagent.samples.shop;

import static ai.pagent.samples.shop.Html.escape;

import ai.pagent.PagentStats;
import ai.pagent.test.ReceivedEvent;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shop's HTML pages, the same in every sample: the product page (a form post and a {@code
 * fetch} checkout, both carrying the browser's pagent variables), the receipt, and the local
 * ingest's dev page. The pages' scripts and styles are classpath resources under {@code
 * META-INF/resources/shop/}, which the samples serve at {@value #ASSETS}.
 */
public final class ShopPages {
    /** The product page. */
    public static final String PRODUCT = "/";

    /** Where the product page's form posts ({@code application/x-www-form-urlencoded}). */
    public static final String CHECKOUT = "/checkout";

    /** Where the product page's {@code fetch} posts ({@code application/json}). */
    public static final String API_CHECKOUT = "/api/checkout";

    /** The local ingest's dev page, only without an API key. */
    public static final String DEV_CONVERSIONS = "/_dev/conversions";

    /** Where the samples serve the {@code META-INF/resources/shop/} resources. */
    public static final String ASSETS = "/shop/";

    /** The classpath folder of the pages' scripts and styles. */
    public static final String ASSETS_RESOURCE = "META-INF/resources/shop/";

    private static final Template PRODUCT_PAGE = Template.load("product.html");
    private static final Template RECEIPT_PAGE = Template.load("receipt.html");
    private static final Template DEV_PAGE = Template.load("dev-conversions.html");

    private final ShopSettings settings;
    private final String forwardScript;
    private final boolean devPage;

    /**
     * Pages for one sample.
     *
     * @param settings the goal and where pagent's browser script comes from
     * @param forwardScript the path of pagent's forward helper ({@code /_pagent/forward.js} where
     *     pagent-servlet's filter serves it)
     * @param devPage whether the sample serves {@value #DEV_CONVERSIONS} (no API key), so the pages
     *     link to it
     */
    public ShopPages(ShopSettings settings, String forwardScript, boolean devPage) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.forwardScript = Objects.requireNonNull(forwardScript, "forwardScript");
        this.devPage = devPage;
    }

    /** The product page for {@code product}. */
    public String product(Product product) {
        return PRODUCT_PAGE.render(Map.of(
                "product", escape(product.name()),
                "sku", escape(product.sku()),
                "price", BigDecimalText.cents(product.priceCents()),
                "maxQuantity", String.valueOf(Shop.MAX_QUANTITY),
                "pagentScript", pagentScript(),
                "forwardScript", escape(forwardScript),
                "standInNotice", settings.standIn() ? STAND_IN_NOTICE : "",
                "devLink", devLink()));
    }

    /** The receipt page for {@code receipt}: the revenue in cents is in the element {@code #revenue}. */
    public String receipt(Receipt receipt) {
        return RECEIPT_PAGE.render(Map.of(
                "orderId", escape(receipt.orderId()),
                "quantity", String.valueOf(receipt.quantity()),
                "product", escape(receipt.product()),
                "totalCents", String.valueOf(receipt.totalCents()),
                "total", receipt.total(),
                "devLink", devLink()));
    }

    /**
     * The dev page: what the local ingest at {@code endpoint} received, newest first, and the
     * client's live counters.
     */
    public static String devConversions(URI endpoint, List<ReceivedEvent> events, PagentStats stats) {
        StringBuilder rows = new StringBuilder();
        for (int i = events.size() - 1; i >= 0; i--) {
            ReceivedEvent e = events.get(i);
            rows.append("<tr class=\"conversion\"><td>")
                    .append(
                            e.time() == null
                                    ? ""
                                    : Instant.ofEpochMilli(e.time().longValue()))
                    .append("</td><td class=\"label\">")
                    .append(escape(String.valueOf(e.label())))
                    .append("</td><td class=\"revenue\">")
                    .append(e.revenue() == null ? "" : e.revenue())
                    .append("</td><td class=\"session\">")
                    .append(escape(e.sessionId()))
                    .append("</td><td class=\"user\">")
                    .append(escape(e.userId()))
                    .append("</td><td class=\"conversion-id\">")
                    .append(escape(e.conversionId()))
                    .append("</td></tr>\n");
        }
        return DEV_PAGE.render(Map.of(
                "endpoint", escape(endpoint.toString()),
                "state", stats.state().name(),
                "queued", String.valueOf(stats.queued()),
                "accepted", String.valueOf(stats.accepted()),
                "failed", String.valueOf(stats.failed()),
                "dropped", String.valueOf(stats.dropped()),
                "pending", String.valueOf(stats.pending()),
                "count", String.valueOf(events.size()),
                "rows", rows.toString()));
    }

    private static final String STAND_IN_NOTICE = "<p class=\"stand-in\" id=\"stand-in-notice\">Local stand-in of"
            + " pagent's browser script: the ids below are made up by this page, for trying the sample offline."
            + " Set <code>pagent.script-url</code> to load pagent's real script.</p>";

    private String pagentScript() {
        @Nullable URI url = settings.scriptUrl();
        if (url != null) {
            return "<script src=\"" + escape(url.toString()) + "\"></script>";
        }
        String goals = "{\"checkout\":\"" + settings.checkoutGoal() + "\"}";
        return "<script src=\"" + ASSETS + "pagent-standin.js\" data-goals=\"" + escape(goals) + "\"></script>";
    }

    private String devLink() {
        return devPage
                ? "<p class=\"visitor\"><a id=\"dev-link\" href=\"" + DEV_CONVERSIONS
                        + "\">What the local ingest received</a></p>"
                : "";
    }
}
