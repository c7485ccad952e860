package ai.pagent.samples.servlet;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.samples.shop.Html;
import ai.pagent.samples.shop.Receipt;
import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.servlet.PagentContextListener;
import ai.pagent.servlet.PagentRequests;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout: {@value ShopPages#CHECKOUT} takes the product page's form and answers with the
 * receipt page, {@value ShopPages#API_CHECKOUT} takes its {@code fetch} (JSON) and answers with the
 * receipt as JSON. After a successful checkout, it reports the conversion with the browser's
 * variables, which {@code PagentFilter} and {@link PagentRequests} bring from either carrier.
 */
final class CheckoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CheckoutServlet.class);

    private final transient Shop shop;
    private final transient ShopPages pages;

    CheckoutServlet(Shop shop, ShopPages pages) {
        this.shop = shop;
        this.pages = pages;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean api = ShopPages.API_CHECKOUT.equals(req.getServletPath());
        Receipt receipt;
        try {
            CartLine line = api
                    ? CartLine.fromJson(req.getInputStream())
                    : CartLine.fromForm(req.getParameter("sku"), req.getParameter("quantity"));
            receipt = shop.checkout(line.sku(), line.quantity());
        } catch (IllegalArgumentException e) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (api) {
                resp.setContentType("application/json");
                ReceiptJson.writeError(e.getMessage(), resp.getOutputStream());
            } else {
                html(
                        resp,
                        "<!doctype html><title>Checkout failed</title><p id=\"error\">" + Html.escape(e.getMessage()));
            }
            return;
        }

        track(req, receipt);

        if (api) {
            resp.setContentType("application/json");
            ReceiptJson.write(receipt, resp.getOutputStream());
        } else {
            html(resp, pages.receipt(receipt));
        }
    }

    // The programmatic tracker: after the checkout succeeded, never failing it.
    private void track(HttpServletRequest req, Receipt receipt) {
        PagentClient client = PagentContextListener.client(getServletContext()).orElse(null);
        if (client == null) {
            return;
        }
        PagentRequests.variables(req)
                .ifPresentOrElse(
                        v -> client.track(Conversion.builder()
                                .variables(v)
                                .label("checkout")
                                .revenueCents(receipt.totalCents())
                                .properties(Map.of(
                                        "order", receipt.orderId(),
                                        "sku", receipt.sku(),
                                        "quantity", receipt.quantity()))
                                .build()),
                        () -> log.info(
                                "order {} carried no pagent variables (pagent's script absent or no goal): not reported",
                                receipt.orderId()));
    }

    private static void html(HttpServletResponse resp, String page) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }
}
