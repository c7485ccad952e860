package ai.pagent.samples.servlet;

import ai.pagent.PagentClient;
import ai.pagent.samples.shop.DeliveryLog;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.servlet.PagentContextListener;
import ai.pagent.servlet.PagentFilter;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.jspecify.annotations.Nullable;

/**
 * The shop on embedded Jetty 12. Without an API key it also runs a {@link LocalIngest} and serves
 * its dev page; with one, it reports to pagent and has no dev page.
 */
public final class CheckoutServer implements AutoCloseable {
    private final Server server;
    private final ServletContextHandler context;
    private final @Nullable LocalIngest local;
    private final URI uri;

    private CheckoutServer(Server server, ServletContextHandler context, @Nullable LocalIngest local, URI uri) {
        this.server = server;
        this.context = context;
        this.local = local;
        this.uri = uri;
    }

    /**
     * Starts the shop.
     *
     * @throws IllegalStateException when it cannot start (the port is taken, a setting is invalid)
     */
    public static CheckoutServer start(CheckoutConfig config) {
        LocalIngest local = LocalIngest.startUnless(config.apiKey());
        Server server = new Server();
        try {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(config.host());
            connector.setPort(config.port());
            server.addConnector(connector);

            ServletContextHandler context = new ServletContextHandler("/");
            Resource assets = ResourceFactory.of(context).newClassLoaderResource(ShopPages.ASSETS_RESOURCE);
            context.setBaseResource(
                    Objects.requireNonNull(assets, ShopPages.ASSETS_RESOURCE + " is not on the classpath"));
            ShopPages pages = new ShopPages(config.shop(), PagentFilter.DEFAULT_SCRIPT_PATH, local != null);
            context.addServletContainerInitializer(new ShopInitializer(() -> client(config, local), pages, local));
            server.setHandler(context);
            server.setStopAtShutdown(true);
            server.start();

            String host =
                    "127.0.0.1".equals(config.host()) || "0.0.0.0".equals(config.host()) ? "localhost" : config.host();
            return new CheckoutServer(
                    server, context, local, URI.create("http://" + host + ":" + connector.getLocalPort() + "/"));
        } catch (Exception e) {
            stopQuietly(server);
            if (local != null) {
                local.close();
            }
            throw new IllegalStateException("the shop did not start: " + e.getMessage(), e);
        }
    }

    private static PagentClient client(CheckoutConfig config, @Nullable LocalIngest local) {
        PagentClient.Builder builder = PagentClient.builder().listener(new DeliveryLog());
        if (local != null) {
            return builder.apiKey(local.apiKey()).endpoint(local.endpoint()).build();
        }
        builder.apiKey(Objects.requireNonNull(config.apiKey(), "apiKey"));
        if (config.endpoint() != null) {
            builder.endpoint(config.endpoint());
        }
        return builder.build();
    }

    /** The product page's URL. */
    public URI uri() {
        return uri;
    }

    /** The local ingest, when the shop runs without an API key. */
    public Optional<LocalIngest> localIngest() {
        return Optional.ofNullable(local);
    }

    /** The shop's pagent client, while the shop runs. */
    public PagentClient client() {
        return PagentContextListener.client(context.getServletContext())
                .orElseThrow(() -> new IllegalStateException("the shop is not running"));
    }

    /** Waits until the server stops (Ctrl-C). */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the shop: the client sends what is queued, then the local ingest stops. */
    @Override
    public void close() {
        stopQuietly(server);
        if (local != null) {
            local.close();
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort; the JVM is usually on its way out
        }
    }
}
