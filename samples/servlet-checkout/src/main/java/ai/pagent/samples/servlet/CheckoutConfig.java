package ai.pagent.samples.servlet;

import ai.pagent.samples.shop.ShopSettings;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The sample's settings. Each key is read as a system property ({@code -Dpagent.endpoint=...}),
 * else as an environment variable in upper case with {@code _} for {@code .} and {@code -} ({@code
 * PAGENT_ENDPOINT}):
 *
 * <ul>
 *   <li>{@code pagent.api-key} ({@code PAGENT_API_KEY}): without it, the sample runs a local ingest;
 *   <li>{@code pagent.endpoint}: pagent's ingest, {@code https://ingest.pagent.ai} unless set;
 *   <li>{@code pagent.goals.checkout}, {@code pagent.script-url}: see {@link ShopSettings};
 *   <li>{@code server.host} ({@code 127.0.0.1}), {@code server.port} ({@code 8080}, 0 for any free).
 * </ul>
 */
public final class CheckoutConfig {
    private final @Nullable String apiKey;
    private final @Nullable URI endpoint;
    private final String host;
    private final int port;
    private final ShopSettings shop;

    private CheckoutConfig(@Nullable String apiKey, @Nullable URI endpoint, String host, int port, ShopSettings shop) {
        this.apiKey = apiKey;
        this.endpoint = endpoint;
        this.host = host;
        this.port = port;
        this.shop = shop;
    }

    /** The settings from system properties and the environment. */
    public static CheckoutConfig fromEnvironment() {
        return from(key -> {
            String value = System.getProperty(key);
            return value != null ? value : System.getenv(environmentName(key));
        });
    }

    /**
     * The settings from {@code config}, keyed as listed above.
     *
     * @throws IllegalArgumentException when a value is invalid, naming its key
     */
    public static CheckoutConfig from(Function<String, @Nullable String> config) {
        String endpoint = blankToNull(config.apply("pagent.endpoint"));
        String port = blankToNull(config.apply("server.port"));
        String host = blankToNull(config.apply("server.host"));
        int portNumber;
        try {
            portNumber = port == null ? 8080 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server.port must be a port number, was '" + port + "'");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("server.port must be 0 to 65535, was " + portNumber);
        }
        URI endpointUri;
        try {
            endpointUri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pagent.endpoint is not a URL: " + e.getMessage(), e);
        }
        return new CheckoutConfig(
                blankToNull(config.apply("pagent.api-key")),
                endpointUri,
                host == null ? "127.0.0.1" : host,
                portNumber,
                ShopSettings.from(config));
    }

    /** {@code pagent.api-key} as an environment variable: {@code PAGENT_API_KEY}. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** pagent's API key, or {@code null} to run the local ingest. */
    public @Nullable String apiKey() {
        return apiKey;
    }

    /** pagent's ingest, or {@code null} for the client's default. */
    public @Nullable URI endpoint() {
        return endpoint;
    }

    /** The address the shop listens on. */
    public String host() {
        return host;
    }

    /** The port the shop listens on; 0 for any free port. */
    public int port() {
        return port;
    }

    /** The pages' goal and script settings. */
    public ShopSettings shop() {
        return shop;
    }

    /** The settings, without the API key. */
    @Override
    public String toString() {
        return "CheckoutConfig[apiKey=" + (apiKey == null ? "none (local ingest)" : "set") + ", endpoint="
                + Objects.toString(endpoint, "default") + ", host=" + host + ", port=" + port + ", shop=" + shop
                + "]";
    }
}
