package ai.pagent.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

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
 *     backlog-interval: 10s     # how often health and meters count the backlog
 *     relay:
 *       enabled: true           # deliver rows from this instance (the default)
 *       poll-interval: 1s
 *       lease-duration: 1m
 * }</pre>
 */
@ConfigurationProperties(OutboxProperties.PREFIX)
public class OutboxProperties {
    /** The prefix of every key: {@value}. */
    public static final String PREFIX = "pagent.outbox";

    private boolean enabled;
    private boolean initializeSchema;
    private Duration backlogInterval = Duration.ofSeconds(10);
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

    /**
     * How often the backlog shown by health and meters is counted: one aggregate query over the
     * outbox table, at most once per interval and instance (default 10 s).
     */
    public Duration getBacklogInterval() {
        return backlogInterval;
    }

    public void setBacklogInterval(Duration backlogInterval) {
        this.backlogInterval = backlogInterval;
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
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration leaseDuration = Duration.ofMinutes(1);

        /** Whether this instance runs a relay (default {@code true}; relays share the table safely). */
        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** How often an idle relay looks for new rows (default 1 s). */
        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /**
         * How long a relay's claim holds a row before another relay may take it over, at least 300 ms
         * (default 1 min; renewed while delivering): how long rows wait after a relay died holding them.
         */
        public Duration getLeaseDuration() {
            return leaseDuration;
        }

        public void setLeaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
        }
    }
}
