package ai.pagent.internal;

import ai.pagent.DeliveryListener;
import ai.pagent.RequestObserver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What {@code PagentClient.Builder} collects: every setting with its default, checked in one pass
 * ({@link #check()}) and turned into the parts of a client ({@link #transport()}, {@link
 * #dispatcher}). The builder's setters assign these fields; nothing else touches them.
 */
public final class ClientSettings {
    /** Room for at least one event of the largest size (32 KiB) with its request around it. */
    static final int MIN_BYTES = 64 * 1024;
    /** Default upper bound of requests in flight, when {@code maxInFlight} is below it. */
    public static final int DEFAULT_MAX_IN_FLIGHT_LIMIT = 16;
    /** Largest {@code maxInFlight} and {@code maxInFlightLimit}: each request in flight holds a thread. */
    static final int MAX_IN_FLIGHT_BOUND = 64;

    public @Nullable ApiKey apiKey;
    public @Nullable IllegalArgumentException apiKeyProblem;
    public URI endpoint;
    public @Nullable OkHttpClient httpClient;
    public Duration connectTimeout = Duration.ofSeconds(5);
    public Duration readTimeout = Duration.ofSeconds(10);
    public int queueCapacity = 10_000;
    public long queueCapacityBytes = 64L * 1024 * 1024;
    public int maxRequestBytes = 1_000_000;
    public Duration refusalReprobe = Duration.ofMinutes(1);
    public int listenerCapacity = 10_000;
    public int maxBatchSize = 100;
    public Duration flushInterval = Duration.ofSeconds(1);
    public int maxInFlight = 2;
    /** {@code null}: the larger of {@link #DEFAULT_MAX_IN_FLIGHT_LIMIT} and {@code maxInFlight}. */
    public @Nullable Integer maxInFlightLimit;

    public int maxAttempts = 6;
    public Duration initialBackoff = Duration.ofMillis(500);
    public Duration maxBackoff = Duration.ofSeconds(30);
    public Duration shutdownTimeout = Duration.ofSeconds(10);
    public @Nullable DeliveryListener listener;
    public @Nullable RequestObserver requestObserver;
    public boolean dryRun;
    public @Nullable Path spool;
    public Duration spoolFsyncInterval = SpoolSettings.DEFAULT_FSYNC_INTERVAL;
    public long spoolMaxBytes = SpoolSettings.DEFAULT_MAX_BYTES;
    public Clock clock = Clock.systemUTC();

    private @Nullable HttpUrl url; // set by check()

    public ClientSettings(URI defaultEndpoint) {
        this.endpoint = defaultEndpoint;
    }

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException naming each setting that is missing or out of range, and its rule
     */
    public void check() {
        List<String> problems = new ArrayList<>();
        if (!dryRun && apiKey == null) {
            IllegalArgumentException keyProblem = apiKeyProblem;
            problems.add(
                    keyProblem != null
                            ? keyProblem.getMessage()
                            : "apiKey is required: set it from PAGENT_API_KEY (a key from the pagent dashboard,"
                                    + " Settings > API Keys), or use dryRun(true) to log events instead of sending");
        }
        url = Endpoints.check(endpoint, problems);
        positive(problems, "connectTimeout", connectTimeout);
        positive(problems, "readTimeout", readTimeout);
        positive(problems, "flushInterval", flushInterval);
        positive(problems, "shutdownTimeout", shutdownTimeout);
        positive(problems, "initialBackoff", initialBackoff);
        positive(problems, "maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add("maxBackoff must be at least initialBackoff (" + initialBackoff + "), got " + maxBackoff);
        }
        between(problems, "queueCapacity", queueCapacity, 1, 10_000_000, "");
        between(problems, "queueCapacityBytes", queueCapacityBytes, MIN_BYTES, 1L << 40, "");
        between(problems, "maxRequestBytes", maxRequestBytes, MIN_BYTES, 16 * 1024 * 1024, "");
        between(problems, "listenerCapacity", listenerCapacity, 1, Integer.MAX_VALUE, "");
        between(problems, "maxBatchSize", maxBatchSize, 1, 100, " (pagent's limit per request)");
        between(problems, "maxInFlight", maxInFlight, 1, MAX_IN_FLIGHT_BOUND, "");
        Integer limit = maxInFlightLimit;
        if (limit != null) {
            between(
                    problems,
                    "maxInFlightLimit",
                    limit,
                    Math.max(1, Math.min(maxInFlight, MAX_IN_FLIGHT_BOUND)),
                    MAX_IN_FLIGHT_BOUND,
                    " (at least maxInFlight, the floor)");
        }
        between(problems, "maxAttempts", maxAttempts, 1, 100, "");
        if (spoolFsyncInterval.isNegative() || spoolFsyncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("spoolFsyncInterval must be between 0 and 1 minute, got " + spoolFsyncInterval);
        }
        if (spoolMaxBytes < SpoolSettings.MIN_MAX_BYTES) {
            problems.add("spoolMaxBytes must be at least 262144 (256 KiB), got " + spoolMaxBytes);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid PagentClient settings: " + String.join("; ", problems));
        }
    }

    /** The upper bound of requests in flight: the one set, else the default but never below the floor. */
    int inFlightLimit() {
        Integer limit = maxInFlightLimit;
        return limit != null ? limit : Math.max(DEFAULT_MAX_IN_FLIGHT_LIMIT, maxInFlight);
    }

    /** The key requests carry (a placeholder in dry-run mode without one); after {@link #check()}. */
    public ApiKey usedKey() {
        ApiKey key = apiKey;
        return key != null ? key : ApiKey.from(() -> "dry-run");
    }

    /** How events leave the client: over OkHttp, or into the log in dry-run mode; after {@link #check()}. */
    public Transport transport() {
        if (dryRun) {
            return new DryRunTransport();
        }
        OkHttpClient shared = httpClient;
        OkHttpClient http = shared == null
                ? HttpTransport.defaultClient(connectTimeout, readTimeout, inFlightLimit())
                : HttpTransport.derivedClient(shared, connectTimeout, readTimeout);
        return new HttpTransport(
                http,
                shared == null,
                HttpTransport.conversionsUrl(Objects.requireNonNull(url, "check() first")),
                usedKey(),
                clock,
                requestObserver);
    }

    /** The dispatcher that delivers tracked events over {@code transport}; after {@link #check()}. */
    public BatchDispatcher dispatcher(Transport transport) {
        Path spoolDirectory = spool;
        return new BatchDispatcher(
                new DispatcherSettings(
                        queueCapacity,
                        queueCapacityBytes,
                        maxBatchSize,
                        maxRequestBytes,
                        flushInterval,
                        maxInFlight,
                        inFlightLimit(),
                        maxAttempts,
                        initialBackoff,
                        maxBackoff,
                        shutdownTimeout,
                        refusalReprobe,
                        listenerCapacity),
                transport,
                usedKey(),
                listener,
                spoolDirectory == null ? null : new SpoolSettings(spoolDirectory, spoolFsyncInterval, spoolMaxBytes));
    }

    private static void between(List<String> problems, String name, long value, long min, long max, String why) {
        if (value < min || value > max) {
            problems.add(name + " must be between " + min + " and " + max + why + ", got " + value);
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive, got " + value);
        }
    }
}
