package ai.pagent.samples.micronaut;

import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Micronaut checkout sample. From the project root:
 *
 * <pre>
 * ./mvnw -q -pl samples/micronaut-checkout -am -DskipTests package exec:java
 * </pre>
 *
 * Without {@code PAGENT_API_KEY} (or {@code pagent.api-key}), conversions go to a local ingest
 * shown at {@code /_dev/conversions}.
 */
public final class MicronautCheckout implements AutoCloseable {
    private final ApplicationContext context;
    private final @Nullable LocalIngest local;

    private MicronautCheckout(ApplicationContext context, @Nullable LocalIngest local) {
        this.context = context;
        this.local = local;
    }

    public static void main(String[] args) {
        MicronautCheckout shop = start(Map.of(), args);
        System.out.println("pagent micronaut-checkout sample: open " + shop.uri());
    }

    /**
     * Starts the shop with {@code properties} over {@code application.properties}; with no API key
     * among them or in the environment, also a {@link LocalIngest} the client reports to.
     */
    public static MicronautCheckout start(Map<String, Object> properties, String... args) {
        Object key = properties.get("pagent.api-key");
        LocalIngest local =
                LocalIngest.startUnless(key != null ? key.toString() : System.getenv(LocalIngest.API_KEY_ENV));
        Map<String, Object> all = new HashMap<>(properties);
        Micronaut micronaut = Micronaut.build(args).mainClass(MicronautCheckout.class);
        if (local != null) {
            all.put("pagent.api-key", local.apiKey());
            all.put("pagent.endpoint", local.endpoint().toString());
            micronaut.singletons(local);
        }
        try {
            return new MicronautCheckout(micronaut.properties(all).start(), local);
        } catch (RuntimeException e) {
            if (local != null) {
                local.close();
            }
            throw e;
        }
    }

    /** The product page. */
    public URI uri() {
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        return URI.create("http://localhost:" + server.getPort() + ShopPages.PRODUCT);
    }

    /** The running context. */
    public ApplicationContext context() {
        return context;
    }

    /** Stops the shop (the client delivers what is queued), then the local ingest. */
    @Override
    public void close() {
        context.close();
        if (local != null) {
            local.close();
        }
    }
}
