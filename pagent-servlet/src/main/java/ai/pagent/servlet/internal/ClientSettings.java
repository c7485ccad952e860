package ai.pagent.servlet.internal;

import ai.pagent.PagentClient;
import java.net.URI;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web app's {@link PagentClient} from context parameters and the environment. */
public final class ClientSettings {
    public static final String ENABLED = "pagent.enabled";
    public static final String API_KEY = "pagent.api-key";
    public static final String API_KEY_ENV = "PAGENT_API_KEY";
    public static final String ENDPOINT = "pagent.endpoint";
    public static final String DRY_RUN = "pagent.dry-run";

    private static final Logger log = LoggerFactory.getLogger("ai.pagent.servlet.PagentContextListener");

    private ClientSettings() {}

    /** Whether {@code pagent.enabled} is not {@code false}. */
    public static boolean isEnabled(Function<String, @Nullable String> parameter) {
        return !Boolean.FALSE.equals(FilterSettings.bool(parameter, ENABLED));
    }

    /** Whether an API key is given, or dry-run is on. */
    public static boolean isConfigured(
            Function<String, @Nullable String> parameter, Function<String, @Nullable String> environment) {
        return apiKey(parameter, environment) != null || Boolean.TRUE.equals(FilterSettings.bool(parameter, DRY_RUN));
    }

    /**
     * Creates the client, or {@code null} when {@code pagent.enabled=false}.
     *
     * @throws IllegalStateException when pagent is not configured or a setting is invalid, saying
     *     what to set; never containing the key
     */
    public static @Nullable PagentClient fromContext(
            Function<String, @Nullable String> parameter, Function<String, @Nullable String> environment) {
        try {
            if (!isEnabled(parameter)) {
                log.info("pagent is off ({}=false): no client", ENABLED);
                return null;
            }
            String key = apiKey(parameter, environment);
            boolean dryRun = Boolean.TRUE.equals(FilterSettings.bool(parameter, DRY_RUN));
            if (key == null && !dryRun) {
                throw new IllegalStateException("pagent has no API key: set the environment variable " + API_KEY_ENV
                        + " (a key from the pagent dashboard, Settings > API Keys) or the context parameter "
                        + API_KEY + "; or set " + DRY_RUN + "=true to log events instead of sending them, or "
                        + ENABLED + "=false to turn pagent off");
            }
            PagentClient.Builder builder = PagentClient.builder().dryRun(dryRun);
            if (key != null) {
                builder.apiKey(key);
            }
            String endpoint = FilterSettings.value(parameter, ENDPOINT);
            if (endpoint != null) {
                builder.endpoint(URI.create(endpoint));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("pagent: " + e.getMessage(), e);
        }
    }

    private static @Nullable String apiKey(
            Function<String, @Nullable String> parameter, Function<String, @Nullable String> environment) {
        String key = FilterSettings.value(parameter, API_KEY);
        return key != null ? key : FilterSettings.value(environment, API_KEY_ENV);
    }
}
