package ai.pagent.samples.servlet;

import ai.pagent.PagentClient;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.servlet.PagentContextListener;
import ai.pagent.servlet.PagentFilter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.jspecify.annotations.Nullable;

/**
 * Sets up the shop in its servlet context the way any web app would: pagent's client (created and
 * closed with the context by {@link PagentContextListener}), {@link PagentFilter} (variables in,
 * {@code /_pagent/forward.js} out), the pages, the checkout, and the dev page when there is a local
 * ingest.
 */
final class ShopInitializer implements ServletContainerInitializer {
    private final Supplier<PagentClient> client;
    private final ShopPages pages;
    private final @Nullable LocalIngest local;

    ShopInitializer(Supplier<PagentClient> client, ShopPages pages, @Nullable LocalIngest local) {
        this.client = client;
        this.pages = pages;
        this.local = local;
    }

    @Override
    public void onStartup(@Nullable Set<Class<?>> classes, ServletContext ctx) {
        ctx.addListener(new PagentContextListener(c -> client.get()));
        PagentFilter.builder().build().register(ctx);

        Shop shop = new Shop();
        ctx.addServlet("product", new ProductServlet(shop, pages)).addMapping("");
        ctx.addServlet("checkout", new CheckoutServlet(shop, pages))
                .addMapping(ShopPages.CHECKOUT, ShopPages.API_CHECKOUT);
        if (local != null) {
            ctx.addServlet("devConversions", new DevConversionsServlet(local)).addMapping(ShopPages.DEV_CONVERSIONS);
        }
        // The shared front end (META-INF/resources/shop/ in the shop-assets jar), the context's base resource.
        ServletRegistration.Dynamic assets = ctx.addServlet("assets", ResourceServlet.class);
        assets.setInitParameter("pathInfoOnly", "true");
        assets.setInitParameter("dirAllowed", "false");
        assets.addMapping(ShopPages.ASSETS + "*");
    }
}
