package ai.pagent.spring.boot;

import ai.pagent.VariableCarriers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of pagent ({@code pagent.*}). Checked at startup: an invalid value stops the
 * application with a message naming the property and the rule.
 */
@ConfigurationProperties("pagent")
public class PagentProperties implements Validator {
    /** Whether to enable pagent: the client, the filters and @TrackConversion. */
    private boolean enabled = true;

    /**
     * API key from the pagent dashboard (Settings > API Keys). Defaults to the PAGENT_API_KEY
     * environment variable. Required unless dry-run is on.
     */
    private @Nullable String apiKey;

    /** Base URL of pagent's ingest; events are posted to {endpoint}/v1/conversions. */
    private URI endpoint = URI.create("https://ingest.pagent.ai");

    /**
     * Conversion ids (UUIDs) pinned per goal label: @TrackConversion(goal = "checkout") then sends
     * pagent.goals.checkout, whatever goal the browser matched.
     */
    private Map<String, String> goals = new LinkedHashMap<>();

    /** Whether to log events (logger ai.pagent.dry-run) instead of sending them. */
    private boolean dryRun = false;

    /** How long closing the client on shutdown may spend delivering queued events. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    private final Batch batch = new Batch();
    private final Queue queue = new Queue();
    private final Http http = new Http();
    private final Retry retry = new Retry();
    private final Variables variables = new Variables();
    private final Filter filter = new Filter();
    private final Spool spool = new Spool();
    private final Outbox outbox = new Outbox();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getApiKey() {
        return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Map<String, String> getGoals() {
        return goals;
    }

    public void setGoals(Map<String, String> goals) {
        this.goals = goals;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Batch getBatch() {
        return batch;
    }

    public Queue getQueue() {
        return queue;
    }

    public Http getHttp() {
        return http;
    }

    public Retry getRetry() {
        return retry;
    }

    public Variables getVariables() {
        return variables;
    }

    public Filter getFilter() {
        return filter;
    }

    public Spool getSpool() {
        return spool;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    @Override
    public boolean supports(Class<?> type) {
        return PagentProperties.class.isAssignableFrom(type);
    }

    /** Checks every value; each error names the property and the rule ({@link PagentPropertiesRules}). */
    @Override
    public void validate(Object target, Errors errors) {
        PagentPropertiesRules.check((PagentProperties) target, errors);
    }

    /** How events are grouped into requests. */
    public static class Batch {
        /** Most events per request (1 to 100). */
        private int maxSize = 100;

        /** Longest wait for a batch to fill before it is sent. */
        private Duration flushInterval = Duration.ofSeconds(1);

        public int getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
        }
    }

    /** The in-memory queue of events waiting to be sent. */
    public static class Queue {
        /** Most events waiting in memory; when full, new events are dropped and counted. */
        private int capacity = 10_000;

        public int getCapacity() {
            return capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }

    /** HTTP connection to pagent. */
    public static class Http {
        /** Timeout for opening a connection. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Timeout for reading a response. */
        private Duration readTimeout = Duration.ofSeconds(10);

        /** Requests under way at once without a backlog; the fewest a backlog drains with. */
        private int maxInFlight = 2;

        /**
         * Most requests under way at once while a backlog drains: the number grows from max-in-flight
         * up to this, and shrinks on 429, 5xx, timeouts or rising latency. Default 16, or max-in-flight
         * when that is larger.
         */
        private @Nullable Integer maxInFlightLimit;

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public @Nullable Integer getMaxInFlightLimit() {
            return maxInFlightLimit;
        }

        public void setMaxInFlightLimit(@Nullable Integer maxInFlightLimit) {
            this.maxInFlightLimit = maxInFlightLimit;
        }
    }

    /** Retries of 5xx answers, timeouts and connection errors. */
    public static class Retry {
        /** Attempts per batch, the first included. */
        private int maxAttempts = 6;

        /** Backoff before the first retry; it doubles, with full jitter. */
        private Duration initialBackoff = Duration.ofMillis(500);

        /** Longest backoff between retries. */
        private Duration maxBackoff = Duration.ofSeconds(30);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** Names of the headers and parameters that carry the browser's variables. */
    public static class Variables {
        /** Header holding the JSON object of _pgnt.variables(). */
        private String jsonHeader = "X-Pagent-Variables";

        /** Header holding the session id. */
        private String sessionIdHeader = "X-Pagent-Session-Id";

        /** Header holding the user id. */
        private String userIdHeader = "X-Pagent-User-Id";

        /** Header holding the visit id. */
        private String visitIdHeader = "X-Pagent-Visit-Id";

        /** Header holding the conversion id. */
        private String conversionIdHeader = "X-Pagent-Conversion-Id";

        /** Parameter (query or form field) holding the JSON object of _pgnt.variables(). */
        private String jsonParameter = "_pgnt";

        /** Parameter holding the session id. */
        private String sessionIdParameter = "_pgnt_session_id";

        /** Parameter holding the user id. */
        private String userIdParameter = "_pgnt_user_id";

        /** Parameter holding the visit id. */
        private String visitIdParameter = "_pgnt_visit_id";

        /** Parameter holding the conversion id. */
        private String conversionIdParameter = "_pgnt_conversion_id";

        /**
         * The carriers these names describe.
         *
         * @throws IllegalArgumentException naming each unusable name
         */
        public VariableCarriers carriers() {
            return VariableCarriers.builder()
                    .jsonHeader(jsonHeader)
                    .sessionIdHeader(sessionIdHeader)
                    .userIdHeader(userIdHeader)
                    .visitIdHeader(visitIdHeader)
                    .conversionIdHeader(conversionIdHeader)
                    .jsonParameter(jsonParameter)
                    .sessionIdParameter(sessionIdParameter)
                    .userIdParameter(userIdParameter)
                    .visitIdParameter(visitIdParameter)
                    .conversionIdParameter(conversionIdParameter)
                    .build();
        }

        public String getJsonHeader() {
            return jsonHeader;
        }

        public void setJsonHeader(String jsonHeader) {
            this.jsonHeader = jsonHeader;
        }

        public String getSessionIdHeader() {
            return sessionIdHeader;
        }

        public void setSessionIdHeader(String sessionIdHeader) {
            this.sessionIdHeader = sessionIdHeader;
        }

        public String getUserIdHeader() {
            return userIdHeader;
        }

        public void setUserIdHeader(String userIdHeader) {
            this.userIdHeader = userIdHeader;
        }

        public String getVisitIdHeader() {
            return visitIdHeader;
        }

        public void setVisitIdHeader(String visitIdHeader) {
            this.visitIdHeader = visitIdHeader;
        }

        public String getConversionIdHeader() {
            return conversionIdHeader;
        }

        public void setConversionIdHeader(String conversionIdHeader) {
            this.conversionIdHeader = conversionIdHeader;
        }

        public String getJsonParameter() {
            return jsonParameter;
        }

        public void setJsonParameter(String jsonParameter) {
            this.jsonParameter = jsonParameter;
        }

        public String getSessionIdParameter() {
            return sessionIdParameter;
        }

        public void setSessionIdParameter(String sessionIdParameter) {
            this.sessionIdParameter = sessionIdParameter;
        }

        public String getUserIdParameter() {
            return userIdParameter;
        }

        public void setUserIdParameter(String userIdParameter) {
            this.userIdParameter = userIdParameter;
        }

        public String getVisitIdParameter() {
            return visitIdParameter;
        }

        public void setVisitIdParameter(String visitIdParameter) {
            this.visitIdParameter = visitIdParameter;
        }

        public String getConversionIdParameter() {
            return conversionIdParameter;
        }

        public void setConversionIdParameter(String conversionIdParameter) {
            this.conversionIdParameter = conversionIdParameter;
        }
    }

    /** The web filter that reads the variables from requests (servlet and WebFlux). */
    public static class Filter {
        /** Whether to register the filter (PagentFilter in servlet apps, PagentWebFilter in WebFlux apps). */
        private boolean enabled = true;

        /** Order of the filter in the chain. */
        private int order = ai.pagent.spring.PagentWebFilter.DEFAULT_ORDER;

        /** Servlet URL patterns whose requests the filter examines (servlet apps). */
        private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

        /**
         * Where the filter serves pagent-forward.js, the browser helper that sends the variables with
         * fetches and forms; empty to not serve it.
         */
        private String scriptPath = ai.pagent.spring.PagentWebFilter.DEFAULT_SCRIPT_PATH;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public List<String> getUrlPatterns() {
            return urlPatterns;
        }

        public void setUrlPatterns(List<String> urlPatterns) {
            this.urlPatterns = urlPatterns;
        }

        public String getScriptPath() {
            return scriptPath;
        }

        public void setScriptPath(String scriptPath) {
            this.scriptPath = scriptPath;
        }
    }

    /** The durable on-disk spool that keeps undelivered events across restarts and outages. */
    public static class Spool {
        /**
         * Directory of the spool's segment files; when set, every event is also written there and a
         * restarted application sends what the last one could not. One application per directory.
         * Unset (the default) keeps events in memory only.
         */
        private @Nullable String directory;

        /**
         * Most bytes the spool's files may take, at least 262144 (256 KiB); beyond that the oldest
         * events are dropped (SPOOL_FULL). Unset means the client's default, 268435456 (256 MiB).
         */
        private @Nullable Long maxBytes;

        /**
         * How often spooled events are forced to the disk, 0 to 1 minute (0 forces every group of
         * writes). A power loss can cost the events tracked in about this long.
         */
        private Duration fsyncInterval = Duration.ofMillis(100);

        public @Nullable String getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable String directory) {
            this.directory = directory;
        }

        public @Nullable Long getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(@Nullable Long maxBytes) {
            this.maxBytes = maxBytes;
        }

        public Duration getFsyncInterval() {
            return fsyncInterval;
        }

        public void setFsyncInterval(Duration fsyncInterval) {
            this.fsyncInterval = fsyncInterval;
        }

        /** The directory as a path, or {@code null} when no spool is configured. */
        @Nullable
        Path directoryPath() {
            return directory == null || directory.isBlank() ? null : Path.of(directory.strip());
        }
    }

    /** Transactional outbox on the application's database (used when pagent-jdbc is present). */
    public static class Outbox {
        /**
         * Whether to write conversions tracked inside a transaction on the application's DataSource
         * to the pagent_outbox table, in that transaction (outside one they go to the in-memory queue).
         * Needs ai.pagent:pagent-jdbc and a DataSource.
         */
        private boolean enabled = false;

        /**
         * Whether to create the pagent_outbox table at startup when it is missing (PostgreSQL, MySQL,
         * MariaDB or H2, detected from the database). Prefer your migrations: the DDL ships in
         * pagent-jdbc as ai/pagent/jdbc/schema/*.sql.
         */
        private boolean initializeSchema = false;

        /**
         * How often the backlog shown by health and meters is counted (one aggregate query over the
         * outbox table, at most once per interval and instance).
         */
        private Duration backlogInterval = Duration.ofSeconds(10);

        private final Relay relay = new Relay();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public Duration getBacklogInterval() {
            return backlogInterval;
        }

        public void setBacklogInterval(Duration backlogInterval) {
            this.backlogInterval = backlogInterval;
        }

        public Relay getRelay() {
            return relay;
        }

        /** The relay that moves outbox rows to pagent. */
        public static class Relay {
            /**
             * Whether this instance runs a relay; run one in every instance (relays share the table
             * safely), or turn it off where an instance should only write.
             */
            private boolean enabled = true;

            /** How often an idle relay looks for new rows. */
            private Duration pollInterval = Duration.ofSeconds(1);

            /**
             * How long a relay's claim holds a row before another relay may take it over (renewed while
             * delivering): how long rows wait after a relay died holding them.
             */
            private Duration leaseDuration = Duration.ofMinutes(1);

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Duration getPollInterval() {
                return pollInterval;
            }

            public void setPollInterval(Duration pollInterval) {
                this.pollInterval = pollInterval;
            }

            public Duration getLeaseDuration() {
                return leaseDuration;
            }

            public void setLeaseDuration(Duration leaseDuration) {
                this.leaseDuration = leaseDuration;
            }
        }
    }
}
