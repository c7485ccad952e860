package ai.pagent;

import ai.pagent.internal.ApiKey;
import ai.pagent.internal.BatchDispatcher;
import ai.pagent.internal.ClientSettings;
import ai.pagent.internal.DeliverySnapshot;
import ai.pagent.internal.Endpoints;
import ai.pagent.internal.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
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

    private PagentClient(ClientSettings settings) {
        this.transport = settings.transport();
        this.endpoint = Endpoints.redacted(settings.endpoint);
        this.dryRun = settings.dryRun;
        this.dispatcher = settings.dispatcher(transport);
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

    /** The number of requests that may be in flight now, for tests. */
    int inFlightLimit() {
        return dispatcher.inFlightLimit();
    }

    /** The highest number of requests allowed in flight so far, for tests. */
    int peakInFlightLimit() {
        return dispatcher.peakInFlightLimit();
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
        private final ClientSettings s = new ClientSettings(DEFAULT_ENDPOINT);

        private Builder() {}

        /**
         * The API key from the pagent dashboard (Settings &gt; API Keys); surrounding whitespace is
         * trimmed. Keep it out of source control: read it from the environment ({@code PAGENT_API_KEY}).
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            try {
                s.apiKey = ApiKey.of(apiKey);
                s.apiKeyProblem = null;
            } catch (IllegalArgumentException e) {
                s.apiKey = null;
                s.apiKeyProblem = e; // reported by build(), with every other problem
            }
            return this;
        }

        /**
         * A source of the API key, read before every request: when pagent refuses a key (401) the client
         * pauses and resumes as soon as this yields a different key.
         */
        public Builder apiKey(Supplier<String> apiKey) {
            s.apiKey = ApiKey.from(apiKey);
            s.apiKeyProblem = null;
            return this;
        }

        /** pagent's ingest base URL (default {@code https://ingest.pagent.ai}); {@code http} only for loopback. */
        public Builder endpoint(URI endpoint) {
            s.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * An OkHttp client whose connection pool and threads to share. The client's timeouts are set
         * from this builder on a derived copy; the given client is not changed or closed.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            s.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            s.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long to wait for each read or write of a request (default 10 s). */
        public Builder readTimeout(Duration readTimeout) {
            s.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /** How many events may wait in memory (default 10 000); beyond that, new events are dropped. */
        public Builder queueCapacity(int queueCapacity) {
            s.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * How many bytes of events (their encoded JSON) may wait in memory (default 64 MiB, at least
         * 64 KiB); beyond that, new events are dropped like with a full queue.
         */
        public Builder queueCapacityBytes(long queueCapacityBytes) {
            s.queueCapacityBytes = queueCapacityBytes;
            return this;
        }

        /**
         * Largest request body in bytes (default 1 000 000, which fits the common 1 MiB limit of
         * proxies; 64 KiB to 16 MiB): a batch that would be larger goes in several requests.
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            s.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** First wait before a client paused by 401, 403 or 404 tries the same settings again; for tests. */
        Builder refusalReprobe(Duration refusalReprobe) {
            s.refusalReprobe = Objects.requireNonNull(refusalReprobe, "refusalReprobe");
            return this;
        }

        /** Most events whose notifications may wait for a slow listener; for tests. */
        Builder listenerCapacity(int listenerCapacity) {
            s.listenerCapacity = listenerCapacity;
            return this;
        }

        /** Most events in one request (default and maximum 100). */
        public Builder maxBatchSize(int maxBatchSize) {
            s.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Longest an event waits for its batch to fill before it is sent anyway (default 1 s). */
        public Builder flushInterval(Duration flushInterval) {
            s.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
            return this;
        }

        /**
         * Requests under way at once while there is no backlog, and the fewest a backlog drains with
         * (default 2, at most 64): the floor of the adaptive limit, see {@link #maxInFlightLimit}.
         */
        public Builder maxInFlight(int maxInFlight) {
            s.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * Most requests under way at once (default 16, or {@code maxInFlight} when that is larger; at
         * least {@code maxInFlight}, at most 64). While a backlog persists (more than a full batch still
         * waits after a request), the number of requests in flight grows from {@code maxInFlight} toward
         * this bound, about one per round trip; a 429 halves it, a 5xx, a timeout or a connection error
         * cuts it by a tenth, and so does a round trip that takes more than twice as long as the
         * fastest recent ones, never below {@code maxInFlight}. Set it equal to {@code maxInFlight} for
         * a fixed number. Every request goes over the one pooled OkHttp client.
         */
        public Builder maxInFlightLimit(int maxInFlightLimit) {
            s.maxInFlightLimit = maxInFlightLimit;
            return this;
        }

        /** Most attempts for a batch failing with 5xx or I/O errors while pagent is otherwise up (default 6). */
        public Builder maxAttempts(int maxAttempts) {
            s.maxAttempts = maxAttempts;
            return this;
        }

        /** Ceiling of the first retry's random backoff; doubles per attempt (default 500 ms). */
        public Builder initialBackoff(Duration initialBackoff) {
            s.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /** Largest backoff between attempts, and how long an open circuit waits before a probe (default 30 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            s.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /** How long {@link PagentClient#close()} may spend sending what is queued (default 10 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            s.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /** Hears the outcome of every tracked event (default: none). */
        public Builder listener(DeliveryListener listener) {
            s.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Hears each request the client makes to pagent, with its status and how long it took (for
         * metrics such as Micrometer's {@code pagent.requests} timer); see {@link RequestObserver}.
         */
        public Builder requestObserver(RequestObserver requestObserver) {
            s.requestObserver = Objects.requireNonNull(requestObserver, "requestObserver");
            return this;
        }

        /** Logs events (at INFO, logger {@code ai.pagent.dry-run}) instead of sending them; no key needed. */
        public Builder dryRun(boolean dryRun) {
            s.dryRun = dryRun;
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
            s.spool = directory;
            return this;
        }

        /**
         * How often spooled events are forced to the disk (default 100 ms; zero forces after every
         * group of writes). A power loss can cost the events tracked in about this long; a crash of
         * the process alone costs only events not yet handed to the OS (about a millisecond's worth).
         */
        public Builder spoolFsyncInterval(Duration interval) {
            s.spoolFsyncInterval = Objects.requireNonNull(interval, "spoolFsyncInterval");
            return this;
        }

        /**
         * Most bytes the spool's files may take ({@code spool.max-bytes}, default 256 MiB, at least
         * 256 KiB); beyond that the oldest events are dropped, counted as {@link DropReason#SPOOL_FULL}.
         */
        public Builder spoolMaxBytes(long maxBytes) {
            s.spoolMaxBytes = maxBytes;
            return this;
        }

        /** The clock for {@code Retry-After} dates; for tests. */
        Builder clock(Clock clock) {
            s.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks every setting and creates the client.
         *
         * @throws IllegalArgumentException naming each setting that is missing or out of range
         */
        public PagentClient build() {
            s.check();
            return new PagentClient(s);
        }
    }
}
