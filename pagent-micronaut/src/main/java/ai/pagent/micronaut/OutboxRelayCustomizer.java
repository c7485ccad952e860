package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxRelay;

/**
 * Changes the {@link OutboxRelay.Builder} before {@link OutboxFactory} builds the relay: its lease
 * owner, lease duration, poll or backlog interval. Declare it as a bean:
 *
 * <pre>{@code
 * @Singleton
 * class RelaySettings implements OutboxRelayCustomizer {
 *     public void customize(OutboxRelay.Builder builder) {
 *         builder.leaseDuration(Duration.ofMinutes(5)).backlogInterval(Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface OutboxRelayCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the builder holding the data source and the relay's client settings
     */
    void customize(OutboxRelay.Builder builder);
}
