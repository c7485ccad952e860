package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.VariableCarriers;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Turns {@link PagentProperties} into a client builder and carriers, naming the key of each bad value. */
final class ClientSettings {
    static final String MISSING_KEY = "pagent.api-key is not set. Set the environment variable PAGENT_API_KEY"
            + " (or the property pagent.api-key) to the key from the pagent dashboard (Settings > API Keys),"
            + " or turn pagent off with pagent.enabled=false, or log events instead of sending them with"
            + " pagent.dry-run=true.";

    /** The smallest {@code pagent.spool.max-bytes} the client accepts. */
    private static final long MIN_SPOOL_BYTES = 256 * 1024;

    private ClientSettings() {}

    /**
     * Checks every value and returns a builder holding them.
     *
     * @throws ConfigurationException listing every bad key, or saying how to set the missing API key
     */
    static PagentClient.Builder builder(PagentProperties p) {
        List<String> problems = new ArrayList<>(0);
        PagentClient.Builder b = PagentClient.builder().dryRun(p.isDryRun());
        String key = p.getApiKey();
        if (key != null && !key.isBlank()) {
            b.apiKey(key);
        } else if (!p.isDryRun()) {
            throw new ConfigurationException(MISSING_KEY);
        }
        String endpoint = p.getEndpoint();
        if (endpoint != null) {
            try {
                b.endpoint(URI.create(endpoint.trim()));
            } catch (IllegalArgumentException e) {
                problems.add("pagent.endpoint must be an absolute https URI, got \"" + printable(endpoint) + "\"");
            }
        }
        PagentProperties.Batch batch = p.getBatch();
        range(problems, "pagent.batch.max-size", batch.getMaxSize(), 1, 100, b::maxBatchSize);
        positive(problems, "pagent.batch.flush-interval", batch.getFlushInterval(), b::flushInterval);
        range(problems, "pagent.queue.capacity", p.getQueue().getCapacity(), 1, 10_000_000, b::queueCapacity);
        PagentProperties.Http http = p.getHttp();
        positive(problems, "pagent.http.connect-timeout", http.getConnectTimeout(), b::connectTimeout);
        positive(problems, "pagent.http.read-timeout", http.getReadTimeout(), b::readTimeout);
        range(problems, "pagent.http.max-in-flight", http.getMaxInFlight(), 1, 64, b::maxInFlight);
        Integer floor = http.getMaxInFlight();
        range(
                problems,
                "pagent.http.max-in-flight-limit",
                http.getMaxInFlightLimit(),
                floor == null ? 2 : floor,
                64,
                b::maxInFlightLimit);
        PagentProperties.Retry retry = p.getRetry();
        range(problems, "pagent.retry.max-attempts", retry.getMaxAttempts(), 1, 100, b::maxAttempts);
        positive(problems, "pagent.retry.initial-backoff", retry.getInitialBackoff(), b::initialBackoff);
        positive(problems, "pagent.retry.max-backoff", retry.getMaxBackoff(), b::maxBackoff);
        Duration initial = retry.getInitialBackoff();
        Duration max = retry.getMaxBackoff();
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            problems.add("pagent.retry.max-backoff must be at least pagent.retry.initial-backoff (" + initial
                    + "), got " + max);
        }
        Duration shutdown = p.getShutdownTimeout();
        if (shutdown != null) {
            if (shutdown.isNegative()) {
                problems.add("pagent.shutdown-timeout must not be negative, got " + shutdown);
            } else {
                b.shutdownTimeout(shutdown);
            }
        }
        goals(problems, p.getGoals());
        spool(problems, p.getSpool(), b);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return b;
    }

    /** Builds the client, reporting what the core builder rejects as configuration. */
    static PagentClient build(PagentClient.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid pagent configuration: " + e.getMessage(), e);
        }
    }

    /** The carrier names of {@code pagent.variables.*}. */
    static VariableCarriers carriers(PagentProperties.Variables v) {
        VariableCarriers.Builder b = VariableCarriers.builder();
        set(v.getJsonHeader(), b::jsonHeader);
        set(v.getSessionIdHeader(), b::sessionIdHeader);
        set(v.getUserIdHeader(), b::userIdHeader);
        set(v.getVisitIdHeader(), b::visitIdHeader);
        set(v.getConversionIdHeader(), b::conversionIdHeader);
        set(v.getJsonParameter(), b::jsonParameter);
        set(v.getSessionIdParameter(), b::sessionIdParameter);
        set(v.getUserIdParameter(), b::userIdParameter);
        set(v.getVisitIdParameter(), b::visitIdParameter);
        set(v.getConversionIdParameter(), b::conversionIdParameter);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid pagent.variables.*: " + e.getMessage(), e);
        }
    }

    private static void spool(List<String> problems, PagentProperties.Spool spool, PagentClient.Builder b) {
        Long maxBytes = spool.getMaxBytes();
        if (maxBytes != null && maxBytes < MIN_SPOOL_BYTES) {
            problems.add("pagent.spool.max-bytes must be at least " + MIN_SPOOL_BYTES + " (256 KiB), got " + maxBytes);
        }
        Duration fsync = spool.getFsyncInterval();
        if (fsync != null && (fsync.isNegative() || fsync.compareTo(Duration.ofMinutes(1)) > 0)) {
            problems.add("pagent.spool.fsync-interval must be between 0 and 1 minute, got " + fsync);
        }
        String directory = spool.getDirectory();
        if (directory == null || directory.isBlank()) {
            return;
        }
        try {
            b.spool(Path.of(directory.strip()));
        } catch (InvalidPathException e) {
            problems.add("pagent.spool.directory must be a file system path, got \"" + printable(directory) + "\"");
            return;
        }
        if (maxBytes != null) {
            b.spoolMaxBytes(maxBytes);
        }
        if (fsync != null) {
            b.spoolFsyncInterval(fsync);
        }
    }

    private static void goals(List<String> problems, Map<String, String> goals) {
        goals.forEach((goal, id) -> {
            try {
                UUID.fromString(id.trim());
            } catch (IllegalArgumentException e) {
                problems.add("pagent.goals." + goal + " must be the goal's conversion id (a UUID), got \""
                        + printable(id) + "\"");
            }
        });
    }

    private static void range(
            List<String> problems, String key, @Nullable Integer value, int min, int max, Consumer<Integer> setter) {
        if (value == null) {
            return;
        }
        if (value < min || value > max) {
            problems.add(key + " must be between " + min + " and " + max + ", got " + value);
        } else {
            setter.accept(value);
        }
    }

    private static void positive(
            List<String> problems, String key, @Nullable Duration value, Consumer<Duration> setter) {
        if (value == null) {
            return;
        }
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be positive, got " + value);
        } else {
            setter.accept(value);
        }
    }

    private static void set(@Nullable String value, Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static ConfigurationException invalid(List<String> problems) {
        return new ConfigurationException("invalid pagent configuration: " + String.join("; ", problems));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
