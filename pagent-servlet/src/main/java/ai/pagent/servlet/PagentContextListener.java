package ai.pagent.servlet;

import ai.pagent.PagentClient;
import ai.pagent.servlet.internal.ClientSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a plain servlet web app one {@link PagentClient} for its lifetime: created when the web
 * app starts, stored in the context attribute {@link #CLIENT_ATTRIBUTE}, and closed (queued events
 * sent, threads ended) when it stops, so a redeploy leaves no thread and no class loader behind.
 *
 * <p>With the pagent-servlet jar in {@code WEB-INF/lib} and {@code PAGENT_API_KEY} set, it is
 * installed for you (with the {@link PagentFilter}). Otherwise declare it in {@code web.xml}, or
 * add it from your own initializer with a client of your making:
 *
 * <pre>{@code
 * servletContext.addListener(new PagentContextListener(ctx -> PagentClient.builder()
 *         .apiKey(secrets.get("pagent"))
 *         .build()));
 *
 * // In a servlet:
 * PagentClient client = PagentContextListener.client(getServletContext()).orElseThrow();
 * }</pre>
 *
 * The default client is configured from context parameters: {@code pagent.api-key} (else the
 * environment variable {@code PAGENT_API_KEY}), {@code pagent.endpoint}, {@code pagent.dry-run},
 * {@code pagent.enabled}. When the context already holds a client (from another listener or the
 * app), this listener leaves it alone and does not close it.
 */
public final class PagentContextListener implements ServletContextListener {
    /** The context attribute holding the web app's {@link PagentClient}. */
    public static final String CLIENT_ATTRIBUTE = "ai.pagent.PagentClient";

    private static final Logger log = LoggerFactory.getLogger(PagentContextListener.class);

    private final Function<ServletContext, @Nullable PagentClient> factory;
    private volatile @Nullable PagentClient owned;

    /** Creates the client from context parameters and {@code PAGENT_API_KEY}. */
    public PagentContextListener() {
        this(ctx -> ClientSettings.fromContext(ctx::getInitParameter, System::getenv));
    }

    /**
     * Creates the client with {@code factory} when the web app starts.
     *
     * @param factory makes the client; may return {@code null} to run without one
     */
    public PagentContextListener(Function<ServletContext, @Nullable PagentClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The client of a web app, when one was created. */
    public static Optional<PagentClient> client(ServletContext servletContext) {
        Object client = servletContext.getAttribute(CLIENT_ATTRIBUTE);
        return client instanceof PagentClient ? Optional.of((PagentClient) client) : Optional.empty();
    }

    /**
     * Creates the client and stores it in the context.
     *
     * @throws IllegalStateException when pagent is enabled but not configured, saying what to set
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        if (ctx.getAttribute(CLIENT_ATTRIBUTE) != null) {
            log.debug("the web app already has a PagentClient; this listener leaves it alone");
            return;
        }
        PagentClient client = factory.apply(ctx);
        if (client == null) {
            return;
        }
        owned = client;
        ctx.setAttribute(CLIENT_ATTRIBUTE, client);
        log.info("pagent client started for web app {}", ctx.getContextPath().isEmpty() ? "/" : ctx.getContextPath());
    }

    /** Closes the client this listener created: sends what is queued, ends its threads. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        PagentClient client = owned;
        owned = null;
        if (client == null) {
            return;
        }
        ServletContext ctx = event.getServletContext();
        if (ctx.getAttribute(CLIENT_ATTRIBUTE) == client) {
            ctx.removeAttribute(CLIENT_ATTRIBUTE);
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            log.warn("closing the pagent client failed", e);
        }
    }
}
