package ai.pagent.micronaut;

import ai.pagent.PagentClient;

/**
 * Changes the {@link PagentClient.Builder} after {@code pagent.*} was applied, before {@link
 * PagentFactory} builds the client: a shared {@code OkHttpClient}, a {@code DeliveryListener}, an
 * {@code apiKey(Supplier)} for key rotation. Declare it as a bean:
 *
 * <pre>{@code
 * @Singleton
 * class OutboxListener implements PagentClientCustomizer {
 *     public void customize(PagentClient.Builder builder) {
 *         builder.listener(new DeliveryListener() { ... });
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PagentClientCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the builder holding the configured settings
     */
    void customize(PagentClient.Builder builder);
}
