package ai.pagent.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code pagent.*} configuration, the same keys as the Spring Boot starter's. Unset values
 * take the {@link ai.pagent.PagentClient.Builder} defaults; {@link PagentFactory} checks every value
 * at startup and names the key of each one that is out of range.
 *
 * <pre>{@code
 * pagent:
 *   api-key: ${PAGENT_API_KEY}
 *   goals:
 *     checkout: 3f2c8a4e-0b7d-4c1e-9a55-1d2e3f4a5b6c
 * }</pre>
 */
@ConfigurationProperties(PagentProperties.PREFIX)
public class PagentProperties {
    /** The prefix of every key: {@value}. */
    public static final String PREFIX = "pagent";

    private boolean enabled = true;
    private @Nullable String apiKey;
    private @Nullable String endpoint;
    private Map<String, String> goals = new LinkedHashMap<>();
    private @Nullable Duration shutdownTimeout;
    private boolean dryRun;
    private Batch batch = new Batch();
    private Queue queue = new Queue();
    private Http http = new Http();
    private Retry retry = new Retry();
    private Variables variables = new Variables();
    private Filter filter = new Filter();
    private Spool spool = new Spool();

    /** Whether pagent is on; {@code false} creates no client, no filter and no tracking. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The API key from the pagent dashboard; usually given as the environment variable {@code PAGENT_API_KEY}. */
    public @Nullable String getApiKey() {
        return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }

    /** The ingest's base URI (default {@code https://ingest.pagent.ai}); {@code http} only for loopback. */
    public @Nullable String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(@Nullable String endpoint) {
        this.endpoint = endpoint;
    }

    /** The conversion id (a UUID) of each goal label, for {@code @TrackConversion(goal = ...)}. */
    public Map<String, String> getGoals() {
        return goals;
    }

    public void setGoals(Map<String, String> goals) {
        this.goals = goals;
    }

    /** How long closing the client may spend delivering what is queued (default 10 s). */
    public @Nullable Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Whether to log events (logger {@code ai.pagent.dry-run}) instead of sending them; needs no key. */
    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Batch getBatch() {
        return batch;
    }

    public void setBatch(Batch batch) {
        this.batch = batch;
    }

    public Queue getQueue() {
        return queue;
    }

    public void setQueue(Queue queue) {
        this.queue = queue;
    }

    public Http getHttp() {
        return http;
    }

    public void setHttp(Http http) {
        this.http = http;
    }

    public Retry getRetry() {
        return retry;
    }

    public void setRetry(Retry retry) {
        this.retry = retry;
    }

    public Variables getVariables() {
        return variables;
    }

    public void setVariables(Variables variables) {
        this.variables = variables;
    }

    public Filter getFilter() {
        return filter;
    }

    public void setFilter(Filter filter) {
        this.filter = filter;
    }

    public Spool getSpool() {
        return spool;
    }

    public void setSpool(Spool spool) {
        this.spool = spool;
    }

    /** {@code pagent.batch.*}: how events are grouped into requests. */
    @ConfigurationProperties("batch")
    public static class Batch {
        private @Nullable Integer maxSize;
        private @Nullable Duration flushInterval;

        /** Most events in one request, 1 to 100 (default 100). */
        public @Nullable Integer getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(@Nullable Integer maxSize) {
            this.maxSize = maxSize;
        }

        /** Longest wait for a batch to fill (default 1 s). */
        public @Nullable Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(@Nullable Duration flushInterval) {
            this.flushInterval = flushInterval;
        }
    }

    /** {@code pagent.queue.*}: the in-memory queue. */
    @ConfigurationProperties("queue")
    public static class Queue {
        private @Nullable Integer capacity;

        /** Events waiting in memory before new ones are dropped (default 10 000). */
        public @Nullable Integer getCapacity() {
            return capacity;
        }

        public void setCapacity(@Nullable Integer capacity) {
            this.capacity = capacity;
        }
    }

    /** {@code pagent.http.*}: the connection to the ingest. */
    @ConfigurationProperties("http")
    public static class Http {
        private @Nullable Duration connectTimeout;
        private @Nullable Duration readTimeout;
        private @Nullable Integer maxInFlight;
        private @Nullable Integer maxInFlightLimit;

        /** Connect timeout (default 5 s). */
        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** Read timeout (default 10 s). */
        public @Nullable Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(@Nullable Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /** Requests sent at once (default 2). */
        public @Nullable Integer getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(@Nullable Integer maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        /**
         * Most requests sent at once while a backlog drains: the number grows from max-in-flight up to
         * this, and shrinks on 429, 5xx, timeouts or rising latency (default 16, or max-in-flight when
         * that is larger; at most 64).
         */
        public @Nullable Integer getMaxInFlightLimit() {
            return maxInFlightLimit;
        }

        public void setMaxInFlightLimit(@Nullable Integer maxInFlightLimit) {
            this.maxInFlightLimit = maxInFlightLimit;
        }
    }

    /** {@code pagent.retry.*}: retries of 5xx answers and I/O errors. */
    @ConfigurationProperties("retry")
    public static class Retry {
        private @Nullable Integer maxAttempts;
        private @Nullable Duration initialBackoff;
        private @Nullable Duration maxBackoff;

        /** Attempts per batch, the first included (default 6). */
        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /** First backoff (default 500 ms). */
        public @Nullable Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(@Nullable Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        /** Longest backoff (default 30 s). */
        public @Nullable Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(@Nullable Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /**
     * {@code pagent.variables.*}: the names of the headers and parameters that carry the browser's
     * variables (defaults in {@link ai.pagent.VariableCarriers}).
     */
    @ConfigurationProperties("variables")
    public static class Variables {
        private @Nullable String jsonHeader;
        private @Nullable String sessionIdHeader;
        private @Nullable String userIdHeader;
        private @Nullable String visitIdHeader;
        private @Nullable String conversionIdHeader;
        private @Nullable String jsonParameter;
        private @Nullable String sessionIdParameter;
        private @Nullable String userIdParameter;
        private @Nullable String visitIdParameter;
        private @Nullable String conversionIdParameter;

        /** Header with the JSON object (default {@code X-Pagent-Variables}). */
        public @Nullable String getJsonHeader() {
            return jsonHeader;
        }

        public void setJsonHeader(@Nullable String jsonHeader) {
            this.jsonHeader = jsonHeader;
        }

        /** Header with the session id (default {@code X-Pagent-Session-Id}). */
        public @Nullable String getSessionIdHeader() {
            return sessionIdHeader;
        }

        public void setSessionIdHeader(@Nullable String sessionIdHeader) {
            this.sessionIdHeader = sessionIdHeader;
        }

        /** Header with the user id (default {@code X-Pagent-User-Id}). */
        public @Nullable String getUserIdHeader() {
            return userIdHeader;
        }

        public void setUserIdHeader(@Nullable String userIdHeader) {
            this.userIdHeader = userIdHeader;
        }

        /** Header with the visit id (default {@code X-Pagent-Visit-Id}). */
        public @Nullable String getVisitIdHeader() {
            return visitIdHeader;
        }

        public void setVisitIdHeader(@Nullable String visitIdHeader) {
            this.visitIdHeader = visitIdHeader;
        }

        /** Header with the conversion id (default {@code X-Pagent-Conversion-Id}). */
        public @Nullable String getConversionIdHeader() {
            return conversionIdHeader;
        }

        public void setConversionIdHeader(@Nullable String conversionIdHeader) {
            this.conversionIdHeader = conversionIdHeader;
        }

        /** Parameter with the JSON object (default {@code _pgnt}). */
        public @Nullable String getJsonParameter() {
            return jsonParameter;
        }

        public void setJsonParameter(@Nullable String jsonParameter) {
            this.jsonParameter = jsonParameter;
        }

        /** Parameter with the session id (default {@code _pgnt_session_id}). */
        public @Nullable String getSessionIdParameter() {
            return sessionIdParameter;
        }

        public void setSessionIdParameter(@Nullable String sessionIdParameter) {
            this.sessionIdParameter = sessionIdParameter;
        }

        /** Parameter with the user id (default {@code _pgnt_user_id}). */
        public @Nullable String getUserIdParameter() {
            return userIdParameter;
        }

        public void setUserIdParameter(@Nullable String userIdParameter) {
            this.userIdParameter = userIdParameter;
        }

        /** Parameter with the visit id (default {@code _pgnt_visit_id}). */
        public @Nullable String getVisitIdParameter() {
            return visitIdParameter;
        }

        public void setVisitIdParameter(@Nullable String visitIdParameter) {
            this.visitIdParameter = visitIdParameter;
        }

        /** Parameter with the conversion id (default {@code _pgnt_conversion_id}). */
        public @Nullable String getConversionIdParameter() {
            return conversionIdParameter;
        }

        public void setConversionIdParameter(@Nullable String conversionIdParameter) {
            this.conversionIdParameter = conversionIdParameter;
        }
    }

    /** {@code pagent.filter.*}: the server filter that reads the variables and serves the helper script. */
    @ConfigurationProperties("filter")
    public static class Filter {
        /** Where the filter serves {@code pagent-forward.js} unless configured otherwise. */
        public static final String DEFAULT_SCRIPT_PATH = "/_pagent/forward.js";

        private boolean enabled = true;
        private int order;
        private List<String> urlPatterns = List.of("/**");
        private String scriptPath = DEFAULT_SCRIPT_PATH;

        /** Whether to install the filter (default {@code true}). */
        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The filter's place among the server filters (default 0). */
        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        /** Ant-style paths whose requests the filter reads (default {@code /**}). */
        public List<String> getUrlPatterns() {
            return urlPatterns;
        }

        public void setUrlPatterns(List<String> urlPatterns) {
            this.urlPatterns = urlPatterns;
        }

        /** Where to serve {@code pagent-forward.js} (default {@value #DEFAULT_SCRIPT_PATH}); empty to not serve it. */
        public String getScriptPath() {
            return scriptPath;
        }

        public void setScriptPath(String scriptPath) {
            this.scriptPath = scriptPath;
        }
    }

    /**
     * {@code pagent.spool.*}: the durable on-disk spool that keeps undelivered events across
     * restarts and outages (see {@link ai.pagent.PagentClient.Builder#spool}).
     */
    @ConfigurationProperties("spool")
    public static class Spool {
        private @Nullable String directory;
        private @Nullable Long maxBytes;
        private @Nullable Duration fsyncInterval;

        /**
         * Directory of the spool's segment files; when set, every event is also written there and a
         * restarted application sends what the last one could not. One application per directory.
         * Unset (the default) keeps events in memory only.
         */
        public @Nullable String getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable String directory) {
            this.directory = directory;
        }

        /**
         * Most bytes the spool's files may take, at least 262144 (default 268435456, 256 MiB); beyond
         * that the oldest events are dropped ({@code SPOOL_FULL}).
         */
        public @Nullable Long getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(@Nullable Long maxBytes) {
            this.maxBytes = maxBytes;
        }

        /**
         * How often spooled events are forced to the disk, 0 to 1 minute (default 100 ms; 0 forces
         * every group of writes). A power loss can cost the events tracked in about this long.
         */
        public @Nullable Duration getFsyncInterval() {
            return fsyncInterval;
        }

        public void setFsyncInterval(@Nullable Duration fsyncInterval) {
            this.fsyncInterval = fsyncInterval;
        }
    }
}
