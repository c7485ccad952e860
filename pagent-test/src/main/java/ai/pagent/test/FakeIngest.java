package ai.pagent.test;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A local pagent conversions ingest for tests: it serves {@code POST /v1/conversions} on
 * {@code 127.0.0.1}, checks each request the way the contract says, records what it accepted, and
 * injects faults on demand.
 *
 * <pre>{@code
 * try (FakeIngest ingest = FakeIngest.start()) {
 *     MyCheckout checkout = new MyCheckout(ingest.endpoint(), ingest.apiKey());
 *     ingest.failNext(503, 2);                       // the first two attempts fail
 *     checkout.completeOrder(order);
 *     List<ReceivedEvent> events = ingest.awaitEvents(1, Duration.ofSeconds(5));
 *     assertThat(events.get(0).revenue()).isEqualTo(999L);
 *     assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
 * }
 * }</pre>
 *
 * <h2>The contract it enforces</h2>
 * <ul>
 *   <li>Any path other than {@code /v1/conversions} answers 404; any method other than POST on it
 *       answers 405 (with {@code Allow: POST}).
 *   <li>{@code Authorization} must be exactly {@code Bearer <key>} with the current key (scheme
 *       case, spacing and key all exact), else 401.
 *   <li>{@code Content-Type} must be {@code application/json} (parameters such as
 *       {@code charset=utf-8} allowed), else 400 with an error that says so. The real server's
 *       answer is unspecified; 400 keeps "do not retry" semantics for clients.
 *   <li>The body must be one JSON object (nothing after it) with an {@code events} array of 1 to
 *       100 objects. Each event needs non-empty strings {@code session_id}, {@code user_id} and
 *       {@code conversion_id}; {@code label} must be a string, {@code revenue} an integer that
 *       fits in 64 bits ({@code 9.99} and {@code 1e3} are rejected), {@code properties} an object
 *       or an array of objects, {@code time} a number. Every number must be one a Jackson-based
 *       server reads: at most 1 000 characters, and finite as a {@code double}
 *       ({@code 1E+1000000} is rejected). Any violation answers 400
 *       {@code {"error":"events[3].revenue must be an integer (cents), got 9.99"}} for the whole
 *       request and records nothing.
 *   <li>Where the real server's behaviour is unspecified this fake is lenient: unknown fields (in
 *       the body and in events) are accepted and ignored, optional fields sent as {@code null} count
 *       as absent, and negative revenue and time are accepted.
 *   <li>Success answers 200 {@code {"accepted":N}} with {@code Content-Type: application/json}.
 * </ul>
 * The rules live in {@code RequestContract} and {@code BatchParser}, each a short class to read.
 *
 * <h2>Faults</h2>
 * {@link #failNext}, {@link #rateLimitNext}, {@link #dropConnectionNext}, {@link #latencyNext} and
 * {@link #dripNext} queue faults in the order called. Each POST to {@code /v1/conversions} takes the
 * next fault, if any, atomically, before the contract's checks (a server that is down answers 503
 * whatever the key); requests to other paths or with other methods take none. {@link #latency},
 * {@link #outage}, {@link #rateLimitAbove}, {@link #maxRequestBytes}, {@link #rejectEvents},
 * {@link #rotateKey}, {@link #acceptFewer} and {@link #countOnly} change the behaviour until
 * changed or {@link #reset}. A request meets, in this order: the body size limit (a proxy in
 * front), the outage, the next queued fault, the rate bound, then the contract. A request is
 * recorded, and its events become visible, just before its answer is written, after any latency: a
 * client that times out still leaves its events recorded, as a slow real server would.
 *
 * <p>All methods are thread-safe. Events and requests are listed in the order they were answered.
 *
 * <h2>Load tests</h2>
 * The server sets {@code TCP_NODELAY} and keeps connections alive; it answers thousands of
 * 100-event requests per second on loopback. Recording keeps every body and event in memory: use
 * {@link #countOnly} for volume. A client that leaves Nagle's algorithm on (OkHttp does by default)
 * waits about 40 ms on loopback for each request body over about 8 KiB, whatever the server does:
 * give such a client a socket factory that sets {@code TCP_NODELAY}.
 */
public final class FakeIngest implements AutoCloseable {

    /** The path the contract serves. */
    public static final String CONVERSIONS_PATH = "/v1/conversions";

    private final RequestContract contract;
    private final Faults faults;
    private final Recorder recorder;
    private final ConcurrencyGauge concurrency = new ConcurrencyGauge();
    private final IngestServer server;

    private FakeIngest(String apiKey, int port, LongSupplier nanoClock) {
        contract = new RequestContract(apiKey);
        faults = new Faults(nanoClock);
        recorder = new Recorder();
        server = new IngestServer(port, new Responder(contract, faults, recorder), recorder, concurrency);
    }

    /**
     * Starts a fake ingest on a free loopback port with a random API key.
     *
     * @return the running ingest; close it when done
     */
    public static FakeIngest start() {
        return builder().start();
    }

    /**
     * Returns a builder to choose the API key or the port.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the base URI of this ingest, {@code http://127.0.0.1:PORT}, without a trailing
     * slash: the value to configure as a client's endpoint. Clients post to {@link #conversionsUri()}.
     *
     * @return the base URI
     */
    public URI endpoint() {
        return server.endpoint();
    }

    /**
     * Returns the full URI of the conversions endpoint, {@code http://127.0.0.1:PORT/v1/conversions}.
     *
     * @return the URI clients post to
     */
    public URI conversionsUri() {
        return URI.create(server.endpoint() + CONVERSIONS_PATH);
    }

    /**
     * Returns the API key accepted now: the configured one, or the last {@link #rotateKey} value.
     *
     * @return the key to send as {@code Authorization: Bearer <key>}
     */
    public String apiKey() {
        return contract.apiKey();
    }

    /**
     * Returns the events accepted so far, in the order they were accepted.
     *
     * @return an immutable snapshot; empty in {@link #countOnly} mode
     */
    public List<ReceivedEvent> events() {
        return recorder.events();
    }

    /**
     * Returns every request received so far, whatever it was answered, in the order answered.
     *
     * @return an immutable snapshot; empty in {@link #countOnly} mode
     */
    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    /**
     * Returns how many events were accepted since the start or the last {@link #reset}, counted
     * also in {@link #countOnly} mode.
     *
     * @return the number of accepted events
     */
    public long acceptedCount() {
        return recorder.acceptedCount();
    }

    /**
     * Returns how many requests were answered (or dropped) since the start or the last
     * {@link #reset}, counted also in {@link #countOnly} mode.
     *
     * @return the number of requests
     */
    public long requestCount() {
        return recorder.requestCount();
    }

    /**
     * Returns how many requests are being answered right now: received, and not yet answered
     * (waiting out a {@link #latency}, for example).
     *
     * @return the requests under way at the server
     */
    public int concurrentRequests() {
        return concurrency.current();
    }

    /**
     * Returns the most requests that were being answered at once since the start or the last
     * {@link #reset}: how many a client had in flight at its peak, as the server saw it (a request
     * counts from its arrival until its answer is recorded, after any latency). Counted also in
     * {@link #countOnly} mode.
     *
     * @return the most requests under way at once
     */
    public int maxConcurrentRequests() {
        return concurrency.max();
    }

    /**
     * Waits until at least {@code count} events have been accepted, without polling.
     *
     * @param count the number of events to wait for
     * @param timeout how long to wait at most
     * @return a snapshot of all accepted events (possibly more than {@code count})
     * @throws AssertionError when they do not arrive in time, naming what did arrive and how each
     *     request was answered
     * @throws IllegalStateException in {@link #countOnly} mode, where events are not kept
     */
    public List<ReceivedEvent> awaitEvents(int count, Duration timeout) {
        return recorder.awaitEvents(count, timeout);
    }

    /**
     * Waits until at least {@code count} requests have been answered (or dropped), without polling:
     * useful to wait for a client's retries.
     *
     * @param count the number of requests to wait for
     * @param timeout how long to wait at most
     * @return a snapshot of all recorded requests (possibly more than {@code count})
     * @throws AssertionError when they do not arrive in time, naming what did arrive
     * @throws IllegalStateException in {@link #countOnly} mode, where requests are not kept
     */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        return recorder.awaitRequests(count, timeout);
    }

    /**
     * Answers the next {@code times} POSTs with {@code status} and an error body that fits it, for
     * example {@code {"error":"injected failure: 403 forbidden: this API key may not send
     * conversions"}}, {@code {"error":"injected failure: 404 not found"}}, {@code {"error":"injected
     * failure: 413 request body too large"}} or {@code {"error":"injected failure: 503 service
     * unavailable"}}.
     *
     * @param status an HTTP error status, 400 to 599 (for example 401, 403, 404, 413, 500, 503)
     * @param times how many requests, at least 1
     * @return this ingest
     */
    public FakeIngest failNext(int status, int times) {
        return enqueue(times, new Fault.Fail(errorStatus(status)));
    }

    /**
     * Answers the next {@code times} POSTs with 429 and no {@code Retry-After} header.
     *
     * @param times how many requests, at least 1
     * @return this ingest
     */
    public FakeIngest rateLimitNext(int times) {
        return enqueue(times, new Fault.RateLimit(null, null));
    }

    /**
     * Answers the next {@code times} POSTs with 429 and {@code Retry-After: <seconds>}, the
     * duration rounded up to whole seconds.
     *
     * @param times how many requests, at least 1
     * @param retryAfter the delay to announce, not negative
     * @return this ingest
     */
    public FakeIngest rateLimitNext(int times, Duration retryAfter) {
        return enqueue(times, new Fault.RateLimit(String.valueOf(ceilSeconds(retryAfter)), null));
    }

    /**
     * Answers the next {@code times} POSTs with 429 and {@code Retry-After} as an HTTP-date (for
     * example {@code Wed, 26 Nov 2026 10:00:02 GMT}): the time of each answer plus
     * {@code retryAfter}, rounded up to the next whole second.
     *
     * @param times how many requests, at least 1
     * @param retryAfter the delay to announce, not negative
     * @return this ingest
     */
    public FakeIngest rateLimitNextWithHttpDate(int times, Duration retryAfter) {
        ceilSeconds(retryAfter);
        return enqueue(times, new Fault.RateLimit(null, retryAfter));
    }

    /**
     * Answers the next {@code times} POSTs with 429 and exactly this {@code Retry-After} value, to
     * test how a client copes with odd or malformed values.
     *
     * @param times how many requests, at least 1
     * @param retryAfterHeader the literal header value
     * @return this ingest
     */
    public FakeIngest rateLimitNext(int times, String retryAfterHeader) {
        return enqueue(times, new Fault.RateLimit(requireNonNull(retryAfterHeader, "retryAfterHeader"), null));
    }

    /**
     * Reads each of the next {@code times} POSTs whole, then closes the connection without any
     * response, so that the client sees an {@code IOException} (OkHttp: "unexpected end of
     * stream"). Nothing is accepted. Note that OkHttp, with {@code retryOnConnectionFailure} on (its
     * default), may silently repeat a request that failed this way on a pooled connection.
     *
     * @param times how many requests, at least 1
     * @return this ingest
     */
    public FakeIngest dropConnectionNext(int times) {
        return enqueue(times, new Fault.Drop());
    }

    /**
     * Delays the answer to each of the next {@code times} POSTs by {@code delay} (on top of any
     * {@link #latency}), then answers them normally.
     *
     * @param times how many requests, at least 1
     * @param delay the extra delay, not negative
     * @return this ingest
     */
    public FakeIngest latencyNext(int times, Duration delay) {
        return enqueue(times, new Fault.Delay(nonNegative(delay, "delay")));
    }

    /**
     * Answers each of the next {@code times} POSTs as it would otherwise, but drips the answer: the
     * status line and headers go out at once, then the body one byte at a time, {@code perByte}
     * before each byte (a {@code {"accepted":100}} body takes 16 pauses). A server that holds its
     * caller this way defeats a read timeout, since every read gets a byte in time; only a bound on
     * the whole call ends it. The request is recorded (its events accepted) before the first byte,
     * so a client that gives up and retries sends them twice.
     *
     * @param times how many requests, at least 1
     * @param perByte the pause before each byte of the body, positive
     * @return this ingest
     */
    public FakeIngest dripNext(int times, Duration perByte) {
        nonNegative(perByte, "perByte");
        if (perByte.isZero()) {
            throw new IllegalArgumentException("perByte must be positive, got " + perByte);
        }
        return enqueue(times, new Fault.Drip(perByte));
    }

    /**
     * Starts an outage: from now on every POST to the conversions path is answered {@code status}
     * with {@code {"error":"outage: injected failure: 503 service unavailable"}} (or the fitting
     * text), whatever its key and body, until {@link #endOutage()} or {@link #reset}. Queued faults
     * wait: none is taken during the outage. Use it for a measured outage window: call it, wait,
     * call {@code endOutage()}.
     *
     * @param status an HTTP error status, 400 to 599 (typically 502, 503 or 504)
     * @return this ingest
     */
    public FakeIngest outage(int status) {
        faults.outage(errorStatus(status));
        return this;
    }

    /**
     * Ends an {@link #outage}: requests from now on are answered normally. Does nothing when no
     * outage is on.
     *
     * @return this ingest
     */
    public FakeIngest endOutage() {
        faults.outage(0);
        return this;
    }

    /**
     * Bounds the request rate, as a rate-limiting ingest does: a POST that would make more than
     * {@code requestsPerSecond} admitted requests within one second (a sliding window) is answered
     * 429 with {@code Retry-After} ({@code retryAfter} rounded up to whole seconds) and
     * {@code {"error":"rate limit exceeded: ..."}}. Refused requests do not count against the bound,
     * so a client that keeps to the bound is never refused. Lasts until called again or
     * {@link #reset}; queued faults and an outage come first.
     *
     * @param requestsPerSecond the most requests admitted within any second, at least 1
     * @param retryAfter the delay to announce, not negative
     * @return this ingest
     */
    public FakeIngest rateLimitAbove(int requestsPerSecond, Duration retryAfter) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("requestsPerSecond must be at least 1, got " + requestsPerSecond);
        }
        ceilSeconds(retryAfter);
        faults.rateLimitAbove(requestsPerSecond, retryAfter);
        return this;
    }

    /**
     * Limits the request body, as a proxy in front of the ingest does (nginx's
     * {@code client_max_body_size} is 1 MiB by default): a POST whose body is longer than
     * {@code bytes} is answered 413 with {@code {"error":"request body of N bytes exceeds the limit
     * of M bytes"}}, before any other fault or check, and takes no queued fault. Lasts until called
     * again or {@link #reset}.
     *
     * @param bytes the largest body accepted, at least 1
     * @return this ingest
     */
    public FakeIngest maxRequestBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1, got " + bytes);
        }
        faults.maxRequestBytes(bytes);
        return this;
    }

    /**
     * Delays every answer (errors and dropped connections included) by {@code latency}, until
     * changed or {@link #reset}. No thread is held while waiting.
     *
     * @param latency the delay, not negative; {@link Duration#ZERO} to turn it off
     * @return this ingest
     */
    public FakeIngest latency(Duration latency) {
        faults.latency(nonNegative(latency, "latency"));
        return this;
    }

    /**
     * Rejects, with 400 {@code {"error":"events[i]: rejected ..."}}, any otherwise valid batch
     * holding an event that matches: the "poison event" a client must isolate by splitting its
     * batch. Replaces any earlier predicate; lasts until {@link #reset}.
     *
     * @param poison the events to reject
     * @return this ingest
     */
    public FakeIngest rejectEvents(Predicate<ReceivedEvent> poison) {
        faults.poison(requireNonNull(poison, "poison"));
        return this;
    }

    /**
     * Replaces the accepted API key: from now on the previous key gets 401. {@link #reset} restores
     * the key the ingest started with.
     *
     * @param newKey the key to accept
     * @return this ingest
     */
    public FakeIngest rotateKey(String newKey) {
        requireNonNull(newKey, "newKey");
        if (newKey.isEmpty()) {
            throw new IllegalArgumentException("newKey must not be empty");
        }
        contract.rotateKey(newKey);
        return this;
    }

    /**
     * Makes the next successful request accept {@code fewer} events less than it carried: it
     * answers {@code {"accepted": sent - fewer}} (at least 0) and records only the first
     * {@code sent - fewer} events. Whether the real server ever does this is unspecified.
     *
     * @param fewer how many events to leave out, at least 1
     * @return this ingest
     */
    public FakeIngest acceptFewer(int fewer) {
        if (fewer < 1) {
            throw new IllegalArgumentException("fewer must be at least 1, got " + fewer);
        }
        faults.acceptFewer(fewer);
        return this;
    }

    /**
     * Switches to a fast mode for benchmarks: requests are still checked in full and answered, but
     * neither events nor requests are kept, only {@link #acceptedCount()} and
     * {@link #requestCount()}. {@link #reset} turns it off.
     *
     * @param enabled whether to keep counts only
     * @return this ingest
     */
    public FakeIngest countOnly(boolean enabled) {
        recorder.countOnly(enabled);
        return this;
    }

    /**
     * Forgets every recorded event and request, zeroes the counters, clears queued faults, latency,
     * an outage, the rate bound, the body size limit, the poison predicate, {@link #acceptFewer} and
     * {@link #countOnly}, restarts {@link #maxConcurrentRequests} from the requests under way, and
     * restores the starting API key. A request already being answered may
     * still be recorded after this returns.
     */
    public void reset() {
        faults.reset();
        contract.reset();
        recorder.reset();
        concurrency.reset();
    }

    /** Stops the server and closes its connections; pending answers are abandoned. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeIngest[" + server.endpoint() + "]";
    }

    private FakeIngest enqueue(int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        faults.enqueue(times, fault);
        return this;
    }

    private static int errorStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400 to 599, got " + status);
        }
        return status;
    }

    private static Duration nonNegative(Duration d, String name) {
        requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return d;
    }

    static long ceilSeconds(Duration d) {
        nonNegative(d, "retryAfter");
        long seconds = d.getSeconds();
        return d.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** Chooses the API key and port of a {@link FakeIngest}. */
    public static final class Builder {

        private @Nullable String apiKey;
        private int port;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {}

        /**
         * Sets the API key to accept; by default a random one, read it with {@link FakeIngest#apiKey()}.
         *
         * @param apiKey a non-empty key
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            requireNonNull(apiKey, "apiKey");
            if (apiKey.isEmpty()) {
                throw new IllegalArgumentException("apiKey must not be empty");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sets the loopback port; 0 (the default) picks a free one.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock of {@link #rateLimitAbove}, for this module's tests. */
        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * Starts a fake ingest with these settings. The builder can start more.
         *
         * @return the running ingest; close it when done
         * @throws IllegalStateException when the port cannot be bound
         */
        public FakeIngest start() {
            String key = apiKey;
            if (key == null) {
                byte[] random = new byte[16];
                new SecureRandom().nextBytes(random);
                key = "test-" + HexFormat.of().formatHex(random);
            }
            return new FakeIngest(key, port, nanoClock);
        }
    }
}
