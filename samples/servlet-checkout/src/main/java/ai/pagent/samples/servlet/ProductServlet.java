package ai.pagent.samples.servlet;

import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The product page, at the shop's root. */
final class ProductServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Shop shop;
    private final transient ShopPages pages;

    ProductServlet(Shop shop, ShopPages pages) {
        this.shop = shop;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getOutputStream().write(pages.product(shop.featured()).getBytes(StandardCharsets.UTF_8));
    }
}
