package ai.pagent;

import ai.pagent.internal.ApiKey;
import ai.pagent.internal.BatchDispatcher;
import ai.pagent.internal.DeliverySnapshot;
import ai.pagent.internal.DispatcherSettings;
import ai.pagent.internal.DryRunTransport;
import ai.pagent.internal.Endpoints;
import ai.pagent.internal.HttpTransport;
import ai.pagent.internal.SpoolSettings;
import ai.pagent.internal.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Reports conversions to pagent's server-side conversions API.
 *
 * <pre>{@code
 * PagentClient client = PagentClient.builder()
 *         .apiKey(System.getenv("PAGENT_API_KEY"))
 *         .build();
 *
 * client.track(Conversion.builder()
 *         .variables(variables)            // the browser's _pgnt.variables(), see PagentVariables
 *         .label("checkout")
 *         .revenueCents(999)
 *         .build());
 * }</pre>
 *
 * <h2>PagentClients should be shared</h2>
 * A client owns a queue, a few daemon threads ({@code pagent-*}) and a connection pool. Create one
 * per application, use it from every thread, and {@link #close()} it when the application stops;
 * frameworks' integrations do both for you.
 *
 * <h2>Two ways to send</h2>
 * {@link #track(Conversion)} queues the event and returns at once: it never blocks the request
 * thread and never throws for delivery problems. Events are sent in batches in the background,
 * retried through outages, and every one of them ends accepted, failed or dropped (see {@link
 * #stats()} and {@link DeliveryListener}). Delivery is at least once: a retry after a lost answer can
 * send an event twice. {@link #send(List)} sends one request now and throws what went wrong.
 */
public final class PagentClient implements AutoCloseable {
    /** Where pagent's ingest lives. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://ingest.pagent.ai");

    private final Transport transport;
    private final BatchDispatcher dispatcher;
    private final String endpoint;
    private final boolean dryRun;
    private @Nullable Thread shutdownHook;

    private PagentClient(Builder b, Transport transport, ApiKey key) {
        this.transport = transport;
        this.endpoint = Endpoints.redacted(b.endpoint);
        this.dryRun = b.dryRun;
        this.dispatcher = new BatchDispatcher(
                new DispatcherSettings(
                        b.queueCapacity,
                        b.queueCapacityBytes,
                        b.maxBatchSize,
                        b.maxRequestBytes,
                        b.flushInterval,
                        b.maxInFlight,
                        b.maxAttempts,
                        b.initialBackoff,
                        b.maxBackoff,
                        b.shutdownTimeout,
                        b.refusalReprobe,
                        b.listenerCapacity),
                transport,
                key,
                b.listener,
                b.spool == null ? null : new SpoolSettings(b.spool, b.spoolFsyncInterval, b.spoolMaxBytes));
    }

    /** Starts configuring a client. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues {@code conversion} for delivery and returns at once, without blocking or throwing for
     * delivery problems.
     *
     * @return {@code true} if queued; {@code false} if it was dropped because the queue is full or
     *     the client is closed (counted in {@link #stats()}, reported to the {@link DeliveryListener})
     */
    public boolean track(Conversion conversion) {
        return dispatcher.track(Objects.requireNonNull(conversion, "conversion"));
    }

    /**
     * Sends {@code conversions} in one request now, on this thread, without retrying.
     *
     * @param conversions 1 to 100 events
     * @return pagent's answer
     * @throws InvalidRequestException pagent rejected the request (400)
     * @throws UnauthorizedException pagent refused the API key (401)
     * @throws RateLimitedException pagent asked to slow down (429)
     * @throws ServerErrorException pagent failed (5xx)
     * @throws TransportException no answer arrived (connection failure, timeout)
     * @throws IllegalArgumentException {@code conversions} is empty or holds more than 100
     * @throws IllegalStateException the client is closed
     */
    public SendResult send(List<Conversion> conversions) {
        Objects.requireNonNull(conversions, "conversions");
        if (conversions.isEmpty() || conversions.size() > 100) {
            throw new IllegalArgumentException(
                    "conversions: a request carries 1 to 100 events, got " + conversions.size());
        }
        if (dispatcher.isClosed()) {
            throw new IllegalStateException("the PagentClient is closed");
        }
        List<Conversion> events = List.copyOf(conversions);
        return transport.send(events);
    }

    /**
     * Sends everything tracked before this call without waiting for {@code flushInterval}, and waits
     * until each of those events is accepted, failed or dropped.
     *
     * @return {@code true} when all reached their outcome within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        return dispatcher.flush(Objects.requireNonNull(timeout, "timeout"));
    }

    /** What the client did so far; cheap enough to poll for metrics and health checks, and never blocks. */
    public PagentStats stats() {
        DeliverySnapshot s = dispatcher.stats();
        return new PagentStats(
                s.queued(),
                s.accepted(),
                s.failed(),
                s.dropped(),
                s.retried(),
                s.unconfirmed(),
                s.queueSize(),
                s.inFlight(),
                s.state(),
                s.problem());
    }

    /**
     * Closes the client when the JVM shuts down, for applications without a framework that closes it.
     * Spring and Micronaut integrations close the client themselves and do not need this.
     *
     * @return this client
     */
    public synchronized PagentClient registerShutdownHook() {
        if (shutdownHook == null && !dispatcher.isClosed()) {
            Thread hook = new Thread(this::close, "pagent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            shutdownHook = hook;
        }
        return this;
    }

    /**
     * Stops accepting events, sends what is queued within {@code shutdownTimeout} (probing pagent if
     * it looked down), reports what is left as dropped ({@link DropReason#SHUTDOWN}), lets the listener
     * hear every outcome and ends the client's threads; it takes at most about a second more than
     * {@code shutdownTimeout}. Safe to call more than once and from any thread: every call returns
     * once the client is closed.
     */
    @Override
    public void close() {
        dispatcher.close(); // closes the transport too
        removeShutdownHook();
    }

    /** The registered shutdown hook, for tests. */
    synchronized @Nullable Thread shutdownHook() {
        return shutdownHook;
    }

    private synchronized void removeShutdownHook() {
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs or ran anyway
            }
        }
        shutdownHook = null;
    }

    @Override
    public String toString() {
        return "PagentClient{endpoint=" + endpoint + (dryRun ? ", dryRun" : "") + ", state="
                + dispatcher.stats().state() + "}";
    }

    /**
     * Configures a {@link PagentClient}. Every setting has a default except the API key; {@link
     * #build()} checks them all and names the setting that is wrong.
     */
    public static final class Builder {
        private @Nullable ApiKey apiKey;
        private @Nullable IllegalArgumentException apiKeyProblem;
        private URI endpoint = DEFAULT_ENDPOINT;
        private @Nullable OkHttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int queueCapacity = 10_000;
        private long queueCapacityBytes = 64L * 1024 * 1024;
        private int maxRequestBytes = 1_000_000;
        private Duration refusalReprobe = Duration.ofMinutes(1);
        private int listenerCapacity = 10_000;
        private int maxBatchSize = 100;
        private Duration flushInterval = Duration.ofSeconds(1);
        private int maxInFlight = 2;
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private @Nullable DeliveryListener listener;
        private boolean dryRun;
        private @Nullable Path spool;
        private Duration spoolFsyncInterval = SpoolSettings.DEFAULT_FSYNC_INTERVAL;
        private long spoolMaxBytes = SpoolSettings.DEFAULT_MAX_BYTES;
        private Clock clock = Clock.systemUTC();

        /** Room for at least one event of the largest size (32 KiB) with its request around it. */
        private static final int MIN_BYTES = 64 * 1024;

        private Builder() {}

        /**
         * The API key from the pagent dashboard (Settings &gt; API Keys); surrounding whitespace is
         * trimmed. Keep it out of source control: read it from the environment ({@code PAGENT_API_KEY}).
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            try {
                this.apiKey = ApiKey.of(apiKey);
                this.apiKeyProblem = null;
            } catch (IllegalArgumentException e) {
                this.apiKey = null;
                this.apiKeyProblem = e; // reported by build(), with every other problem
            }
            return this;
        }

        /**
         * A source of the API key, read before every request: when pagent refuses a key (401) the client
         * pauses and resumes as soon as this yields a different key.
         */
        public Builder apiKey(Supplier<String> apiKey) {
            this.apiKey = ApiKey.from(apiKey);
            this.apiKeyProblem = null;
            return this;
        }

        /** pagent's ingest base URL (default {@code https://ingest.pagent.ai}); {@code http} only for loopback. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * An OkHttp client whose connection pool and threads to share. The client's timeouts are set
         * from this builder on a derived copy; the given client is not changed or closed.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long to wait for each read or write of a request (default 10 s). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /** How many events may wait in memory (default 10 000); beyond that, new events are dropped. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * How many bytes of events (their encoded JSON) may wait in memory (default 64 MiB, at least
         * 64 KiB); beyond that, new events are dropped like with a full queue.
         */
        public Builder queueCapacityBytes(long queueCapacityBytes) {
            this.queueCapacityBytes = queueCapacityBytes;
            return this;
        }

        /**
         * Largest request body in bytes (default 1 000 000, which fits the common 1 MiB limit of
         * proxies; 64 KiB to 16 MiB): a batch that would be larger goes in several requests.
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** First wait before a client paused by 401, 403 or 404 tries the same settings again; for tests. */
        Builder refusalReprobe(Duration refusalReprobe) {
            this.refusalReprobe = Objects.requireNonNull(refusalReprobe, "refusalReprobe");
            return this;
        }

        /** Most events whose notifications may wait for a slow listener; for tests. */
        Builder listenerCapacity(int listenerCapacity) {
            this.listenerCapacity = listenerCapacity;
            return this;
        }

        /** Most events in one request (default and maximum 100). */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Longest an event waits for its batch to fill before it is sent anyway (default 1 s). */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
            return this;
        }

        /** Most requests under way at once (default 2). */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Most attempts for a batch failing with 5xx or I/O errors while pagent is otherwise up (default 6). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Ceiling of the first retry's random backoff; doubles per attempt (default 500 ms). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /** Largest backoff between attempts, and how long an open circuit waits before a probe (default 30 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /** How long {@link PagentClient#close()} may spend sending what is queued (default 10 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /** Hears the outcome of every tracked event (default: none). */
        public Builder listener(DeliveryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Logs events (at INFO, logger {@code ai.pagent.dry-run}) instead of sending them; no key needed. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Keeps every tracked event in an append-only log in {@code directory} until pagent accepted
         * it or it finally failed, so a crash, a {@code kill -9} or a deploy loses nothing that reached
         * the disk: the next client on the directory sends it (at least once). {@code track()} stays
         * off the disk; a group of writes is forced to the disk every {@link #spoolFsyncInterval}.
         * Beyond {@code queueCapacity}, events wait on disk only. An unusable directory or a failing
         * disk falls back to memory with a loud warning; {@code track()} never fails for it. One
         * client per directory. {@code null} (the default) keeps events in memory only.
         */
        public Builder spool(@Nullable Path directory) {
            this.spool = directory;
            return this;
        }

        /**
         * How often spooled events are forced to the disk (default 100 ms; zero forces after every
         * group of writes). A power loss can cost the events tracked in about this long; a crash of
         * the process alone costs only events not yet handed to the OS (about a millisecond's worth).
         */
        public Builder spoolFsyncInterval(Duration interval) {
            this.spoolFsyncInterval = Objects.requireNonNull(interval, "spoolFsyncInterval");
            return this;
        }

        /**
         * Most bytes the spool's files may take ({@code spool.max-bytes}, default 256 MiB, at least
         * 256 KiB); beyond that the oldest events are dropped, counted as {@link DropReason#SPOOL_FULL}.
         */
        public Builder spoolMaxBytes(long maxBytes) {
            this.spoolMaxBytes = maxBytes;
            return this;
        }

        /** The clock for {@code Retry-After} dates; for tests. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks every setting and creates the client.
         *
         * @throws IllegalArgumentException naming each setting that is missing or out of range
         */
        public PagentClient build() {
            StringBuilder problems = new StringBuilder();
            ApiKey key = apiKey;
            if (!dryRun && key == null) {
                problem(
                        problems,
                        apiKeyProblem != null
                                ? apiKeyProblem.getMessage()
                                : "apiKey is required: set it from PAGENT_API_KEY (a key from the pagent dashboard,"
                                        + " Settings > API Keys), or use dryRun(true) to log events instead of sending");
            }
            HttpUrl url = checkEndpoint(problems);
            positive(problems, "connectTimeout", connectTimeout);
            positive(problems, "readTimeout", readTimeout);
            positive(problems, "flushInterval", flushInterval);
            positive(problems, "shutdownTimeout", shutdownTimeout);
            positive(problems, "initialBackoff", initialBackoff);
            positive(problems, "maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                problem(
                        problems,
                        "maxBackoff must be at least initialBackoff (" + initialBackoff + "), got " + maxBackoff);
            }
            between(problems, "queueCapacity", queueCapacity, 1, 10_000_000, "");
            between(problems, "queueCapacityBytes", queueCapacityBytes, MIN_BYTES, 1L << 40, "");
            between(problems, "maxRequestBytes", maxRequestBytes, MIN_BYTES, 16 * 1024 * 1024, "");
            between(problems, "listenerCapacity", listenerCapacity, 1, Integer.MAX_VALUE, "");
            between(problems, "maxBatchSize", maxBatchSize, 1, 100, " (pagent's limit per request)");
            between(problems, "maxInFlight", maxInFlight, 1, 64, "");
            between(problems, "maxAttempts", maxAttempts, 1, 100, "");
            if (spoolFsyncInterval.isNegative() || spoolFsyncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                problem(problems, "spoolFsyncInterval must be between 0 and 1 minute, got " + spoolFsyncInterval);
            }
            if (spoolMaxBytes < SpoolSettings.MIN_MAX_BYTES) {
                problem(problems, "spoolMaxBytes must be at least 262144 (256 KiB), got " + spoolMaxBytes);
            }
            if (problems.length() > 0) {
                throw new IllegalArgumentException("invalid PagentClient settings: " + problems);
            }
            ApiKey usedKey = key != null ? key : ApiKey.from(() -> "dry-run");
            Transport transport;
            if (dryRun) {
                transport = new DryRunTransport();
            } else {
                OkHttpClient shared = httpClient;
                OkHttpClient http = shared == null
                        ? HttpTransport.defaultClient(connectTimeout, readTimeout)
                        : HttpTransport.derivedClient(shared, connectTimeout, readTimeout);
                transport = new HttpTransport(
                        http,
                        shared == null,
                        HttpTransport.conversionsUrl(Objects.requireNonNull(url)),
                        usedKey,
                        clock);
            }
            return new PagentClient(this, transport, usedKey);
        }

        private @Nullable HttpUrl checkEndpoint(StringBuilder problems) {
            List<String> found = new ArrayList<>();
            HttpUrl url = Endpoints.check(endpoint, found);
            found.forEach(text -> problem(problems, text));
            return url;
        }

        private static void between(StringBuilder problems, String name, long value, long min, long max, String why) {
            if (value < min || value > max) {
                problem(problems, name + " must be between " + min + " and " + max + why + ", got " + value);
            }
        }

        private static void positive(StringBuilder problems, String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                problem(problems, name + " must be positive, got " + value);
            }
        }

        private static void problem(StringBuilder problems, String text) {
            if (problems.length() > 0) {
                problems.append("; ");
            }
            problems.append(text);
        }
    }
}
