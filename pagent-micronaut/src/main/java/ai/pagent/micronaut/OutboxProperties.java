package ai.pagent.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The {@code pagent.outbox.*} configuration: the transactional outbox on the application's own
 * database (needs {@code ai.pagent:pagent-jdbc} and a {@code DataSource}; see {@link
 * OutboxFactory}).
 *
 * <pre>{@code
 * pagent:
 *   outbox:
 *     enabled: true             # track inside a transaction = insert into pagent_outbox
 *     initialize-schema: true   # create the table at startup (or use your migrations)
 *     relay:
 *       enabled: true           # deliver rows from this instance (the default)
 * }</pre>
 */
@ConfigurationProperties(OutboxProperties.PREFIX)
public class OutboxProperties {
    /** The prefix of every key: {@value}. */
    public static final String PREFIX = "pagent.outbox";

    private boolean enabled;
    private boolean initializeSchema;
    private Relay relay = new Relay();

    /**
     * Whether {@code @TrackConversion} and {@link ConversionTracker} write conversions into the
     * {@code pagent_outbox} table in the caller's transaction (default {@code false}).
     */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether to create the outbox table at startup when it is missing (default {@code false}). */
    public boolean isInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(boolean initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public Relay getRelay() {
        return relay;
    }

    public void setRelay(Relay relay) {
        this.relay = relay;
    }

    /** {@code pagent.outbox.relay.*}: the relay that delivers committed rows. */
    @ConfigurationProperties("relay")
    public static class Relay {
        private boolean enabled = true;

        /** Whether this instance runs a relay (default {@code true}; relays share the table safely). */
        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
