package ai.pagent.spring.boot;

import ai.pagent.PagentClient;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The one mapping of {@code pagent.*} properties to a {@link PagentClient.Builder}: endpoint, API
 * key, timeouts, queue, batching, retries, shutdown and dry-run. The application's client and the
 * outbox relay's client both start from it, so they never disagree; each adds what is its own (the
 * spool and the user's listener; the relay's listener and queue).
 */
final class PagentClientSettings {
    /** The environment variable read when {@code pagent.api-key} is not set. */
    static final String API_KEY_ENV = "PAGENT_API_KEY";

    private PagentClientSettings() {}

    /**
     * A builder with every shared setting of {@code properties}.
     *
     * @throws MissingApiKeyException when there is no key and dry-run is off
     */
    static PagentClient.Builder builder(PagentProperties properties, Environment environment) {
        PagentClient.Builder builder = PagentClient.builder()
                .endpoint(properties.getEndpoint())
                .connectTimeout(properties.getHttp().getConnectTimeout())
                .readTimeout(properties.getHttp().getReadTimeout())
                .maxInFlight(properties.getHttp().getMaxInFlight())
                .queueCapacity(properties.getQueue().getCapacity())
                .maxBatchSize(properties.getBatch().getMaxSize())
                .flushInterval(properties.getBatch().getFlushInterval())
                .maxAttempts(properties.getRetry().getMaxAttempts())
                .initialBackoff(properties.getRetry().getInitialBackoff())
                .maxBackoff(properties.getRetry().getMaxBackoff())
                .shutdownTimeout(properties.getShutdownTimeout())
                .dryRun(properties.isDryRun());
        Integer maxInFlightLimit = properties.getHttp().getMaxInFlightLimit();
        if (maxInFlightLimit != null) {
            builder.maxInFlightLimit(maxInFlightLimit);
        }
        String apiKey = properties.getApiKey();
        if (!StringUtils.hasText(apiKey)) {
            apiKey = environment.getProperty(API_KEY_ENV);
        }
        // Binding leaves "${PAGENT_API_KEY}" as it is when the variable is not set: that is no key.
        boolean placeholder = apiKey != null && apiKey.strip().startsWith("${");
        if (StringUtils.hasText(apiKey) && !placeholder) {
            builder.apiKey(apiKey);
        } else if (!properties.isDryRun()) {
            throw new MissingApiKeyException(placeholder);
        }
        return builder;
    }
}
