package ai.pagent.test;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
 *       or an array of objects, {@code time} a number. Any violation answers 400
 *       {@code {"error":"events[3].revenue must be an integer (cents), got 9.99"}} for the whole
 *       request and records nothing.
 *   <li>Where the real server's behaviour is unspecified this fake is lenient: unknown fields (in
 *       the body and in events) are accepted and ignored, optional fields sent as {@code null} count
 *       as absent, and negative revenue and time are accepted.
 *   <li>Success answers 200 {@code {"accepted":N}} with {@code Content-Type: application/json}.
 * </ul>
 *
 * <h2>Faults</h2>
 * {@link #failNext}, {@link #rateLimitNext}, {@link #dropConnectionNext} and {@link #latencyNext}
 * queue faults in the order called. Each POST to {@code /v1/conversions} takes the next fault, if
 * any, atomically, before any other check (a server that is down answers 503 whatever the key);
 * requests to other paths or with other methods take none. {@link #latency}, {@link #rejectEvents},
 * {@link #rotateKey}, {@link #acceptFewer} and {@link #countOnly} change the behaviour until
 * {@link #reset}. A request is recorded, and its events become visible, just before its answer is
 * written, after any latency: a client that times out still leaves its events recorded, as a slow
 * real server would.
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

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_LISTED = 20;

    private final Server server;
    private final URI endpoint;
    private final String initialKey;

    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private String apiKey;
    private final ArrayDeque<Fault> faults = new ArrayDeque<>();
    private Duration latency = Duration.ZERO;
    private @Nullable Predicate<ReceivedEvent> rejection;
    private int acceptFewerBy = -1;
    private boolean countOnly;
    private final List<ReceivedEvent> events = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private long acceptedCount;
    private long requestCount;

    private FakeIngest(String apiKey, int port) {
        this.initialKey = apiKey;
        this.apiKey = apiKey;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("fake-ingest");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // Jetty's header cache otherwise matches values ignoring case: "bearer k" after "Bearer k" on a
        // kept-alive connection would be seen as "Bearer k", and recorded headers would lie.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        // Nagle plus the client's delayed ACK would add ~40 ms to responses on loopback.
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.setHandler(new IngestHandler(this));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("FakeIngest could not start on 127.0.0.1:" + port, e);
        }
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
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
        return endpoint;
    }

    /**
     * Returns the full URI of the conversions endpoint, {@code http://127.0.0.1:PORT/v1/conversions}.
     *
     * @return the URI clients post to
     */
    public URI conversionsUri() {
        return URI.create(endpoint + CONVERSIONS_PATH);
    }

    /**
     * Returns the API key accepted now: the configured one, or the last {@link #rotateKey} value.
     *
     * @return the key to send as {@code Authorization: Bearer <key>}
     */
    public String apiKey() {
        synchronized (lock) {
            return apiKey;
        }
    }

    /**
     * Returns the events accepted so far, in the order they were accepted.
     *
     * @return an immutable snapshot; empty in {@link #countOnly} mode
     */
    public List<ReceivedEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /**
     * Returns every request received so far, whatever it was answered, in the order answered.
     *
     * @return an immutable snapshot; empty in {@link #countOnly} mode
     */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /**
     * Returns how many events were accepted since the start or the last {@link #reset}, counted
     * also in {@link #countOnly} mode.
     *
     * @return the number of accepted events
     */
    public long acceptedCount() {
        synchronized (lock) {
            return acceptedCount;
        }
    }

    /**
     * Returns how many requests were answered (or dropped) since the start or the last
     * {@link #reset}, counted also in {@link #countOnly} mode.
     *
     * @return the number of requests
     */
    public long requestCount() {
        synchronized (lock) {
            return requestCount;
        }
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
        synchronized (lock) {
            if (countOnly) {
                throw new IllegalStateException("countOnly mode keeps no events; use acceptedCount()");
            }
            awaitLocked(() -> events.size() >= count, timeout, "at least " + count + " accepted events");
            return List.copyOf(events);
        }
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
        synchronized (lock) {
            if (countOnly) {
                throw new IllegalStateException("countOnly mode keeps no requests; use requestCount()");
            }
            awaitLocked(() -> requests.size() >= count, timeout, "at least " + count + " requests");
            return List.copyOf(requests);
        }
    }

    private interface Condition {
        boolean met();
    }

    private void awaitLocked(Condition condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("FakeIngest: expected " + what + " within " + timeout + ", but "
                        + events.size() + " events were accepted " + list(events, FakeIngest::brief)
                        + " from " + requests.size() + " requests " + list(requests, RecordedRequest::toString));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("FakeIngest: interrupted while waiting for " + what, e);
            }
        }
    }

    private static String brief(ReceivedEvent e) {
        return "conversion_id=" + e.conversionId() + " session_id=" + e.sessionId();
    }

    private static <T> String list(List<T> items, java.util.function.Function<T, String> show) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Math.min(items.size(), MAX_LISTED); i++) {
            out.append(i == 0 ? "" : ", ").append(show.apply(items.get(i)));
        }
        if (items.size() > MAX_LISTED) {
            out.append(", … ").append(items.size() - MAX_LISTED).append(" more");
        }
        return out.append(']').toString();
    }

    /**
     * Answers the next {@code times} POSTs with {@code status} and {@code {"error":"..."}}.
     *
     * @param status an HTTP error status, 400 to 599 (for example 500, 503, or 401)
     * @param times how many requests, at least 1
     * @return this ingest
     */
    public FakeIngest failNext(int status, int times) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400 to 599, got " + status);
        }
        return enqueue(times, new Fault.Fail(status));
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
     * Delays every answer (errors and dropped connections included) by {@code latency}, until
     * changed or {@link #reset}. No thread is held while waiting.
     *
     * @param latency the delay, not negative; {@link Duration#ZERO} to turn it off
     * @return this ingest
     */
    public FakeIngest latency(Duration latency) {
        nonNegative(latency, "latency");
        synchronized (lock) {
            this.latency = latency;
        }
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
        requireNonNull(poison, "poison");
        synchronized (lock) {
            this.rejection = poison;
        }
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
        synchronized (lock) {
            this.apiKey = newKey;
        }
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
        synchronized (lock) {
            this.acceptFewerBy = fewer;
        }
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
        synchronized (lock) {
            this.countOnly = enabled;
        }
        return this;
    }

    /**
     * Forgets every recorded event and request, zeroes the counters, clears queued faults, latency,
     * the poison predicate, {@link #acceptFewer} and {@link #countOnly}, and restores the starting
     * API key. A request already being answered may still be recorded after this returns.
     */
    public void reset() {
        synchronized (lock) {
            apiKey = initialKey;
            faults.clear();
            latency = Duration.ZERO;
            rejection = null;
            acceptFewerBy = -1;
            countOnly = false;
            events.clear();
            requests.clear();
            acceptedCount = 0;
            requestCount = 0;
            lock.notifyAll();
        }
    }

    /** Stops the server and closes its connections; pending answers are abandoned. */
    @Override
    public void close() {
        stopQuietly();
    }

    @Override
    public String toString() {
        return "FakeIngest[" + endpoint + "]";
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            // Closing a test server must not fail the test that used it.
        }
    }

    private FakeIngest enqueue(int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                faults.addLast(fault);
            }
        }
        return this;
    }

    private static Duration nonNegative(Duration d, String name) {
        requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return d;
    }

    private static long ceilSeconds(Duration d) {
        nonNegative(d, "retryAfter");
        long seconds = d.getSeconds();
        return d.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** How to answer one request; {@code status} {@link RecordedRequest#DROPPED} means close instead. */
    record Answer(
            int status,
            byte[] body,
            Map<String, String> headers,
            @Nullable String literalRetryAfter,
            @Nullable Duration retryAfterDateIn,
            Duration delay,
            int eventCount,
            int accepted,
            List<ReceivedEvent> events,
            boolean keep) {

        /** The {@code Retry-After} value, computed when the answer is written. */
        @Nullable
        String retryAfter() {
            if (retryAfterDateIn != null) {
                Instant at = Instant.now().plus(retryAfterDateIn);
                long second = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
                return HTTP_DATE.format(Instant.ofEpochSecond(second));
            }
            return literalRetryAfter;
        }
    }

    /** Decides the answer to one request; called by the handler once the body is read. */
    Answer answer(String method, @Nullable String path, Map<String, List<String>> headers, byte[] body) {
        Fault fault = null;
        Duration delay;
        String key;
        Predicate<ReceivedEvent> poison;
        boolean keep;
        boolean conversions = CONVERSIONS_PATH.equals(path);
        boolean post = "POST".equals(method);
        synchronized (lock) {
            if (conversions && post) {
                fault = faults.pollFirst();
            }
            delay = latency;
            key = apiKey;
            poison = rejection;
            keep = !countOnly;
        }
        if (!conversions) {
            return error(404, "no such path: " + path + "; the ingest serves POST " + CONVERSIONS_PATH, delay, keep);
        }
        if (!post) {
            Answer a = error(405, "method " + method + " not allowed; use POST", delay, keep);
            return withHeader(a, "Allow", "POST");
        }
        boolean countable = keep || poison != null;
        if (fault instanceof Fault.Delay d) {
            delay = delay.plus(d.delay());
        } else if (fault instanceof Fault.Fail f) {
            return error(f.status(), "injected failure: " + f.status(), delay, keep, count(body));
        } else if (fault instanceof Fault.RateLimit r) {
            return new Answer(
                    429,
                    JsonBodies.error("rate limit exceeded"),
                    Map.of(),
                    r.retryAfter(),
                    r.httpDateIn(),
                    delay,
                    count(body),
                    0,
                    List.of(),
                    keep);
        } else if (fault instanceof Fault.Drop) {
            return new Answer(
                    RecordedRequest.DROPPED, new byte[0], Map.of(), null, null, delay, count(body), 0, List.of(), keep);
        }

        String authError = checkAuthorization(headers.get("Authorization"), key);
        if (authError != null) {
            return error(401, authError, delay, keep, count(body));
        }
        String typeError = checkContentType(headers.get("Content-Type"));
        if (typeError != null) {
            return error(400, typeError, delay, keep, count(body));
        }
        BatchParser.Batch batch = BatchParser.parse(body, countable);
        if (batch.error() != null) {
            return error(400, batch.error(), delay, keep, batch.eventCount());
        }
        if (poison != null) {
            for (int i = 0; i < batch.events().size(); i++) {
                ReceivedEvent e = batch.events().get(i);
                boolean poisoned;
                try {
                    poisoned = poison.test(e);
                } catch (RuntimeException failure) {
                    return error(500, "the rejectEvents predicate threw " + failure, delay, keep, batch.eventCount());
                }
                if (poisoned) {
                    return error(
                            400,
                            "events[" + i + "]: rejected by the test's poison predicate (conversion_id "
                                    + e.conversionId() + ")",
                            delay,
                            keep,
                            batch.eventCount());
                }
            }
        }
        int accepted = batch.eventCount();
        synchronized (lock) {
            if (acceptFewerBy > 0) {
                accepted = Math.max(0, accepted - acceptFewerBy);
                acceptFewerBy = -1;
            }
        }
        List<ReceivedEvent> kept = keep ? batch.events().subList(0, accepted) : List.of();
        return new Answer(
                200,
                JsonBodies.accepted(accepted),
                Map.of(),
                null,
                null,
                delay,
                batch.eventCount(),
                accepted,
                kept,
                keep);
    }

    /** Records one answered request and wakes anyone waiting; called just before the answer is written. */
    void record(RecordedRequest request, Answer answer) {
        synchronized (lock) {
            requestCount++;
            acceptedCount += answer.accepted();
            if (answer.keep()) {
                requests.add(request);
                events.addAll(answer.events());
            }
            lock.notifyAll();
        }
    }

    private static int count(byte[] body) {
        return BatchParser.parse(body, false).eventCount();
    }

    private static Answer error(int status, String message, Duration delay, boolean keep) {
        return error(status, message, delay, keep, 0);
    }

    private static Answer error(int status, String message, Duration delay, boolean keep, int eventCount) {
        return new Answer(
                status, JsonBodies.error(message), Map.of(), null, null, delay, eventCount, 0, List.of(), keep);
    }

    private static Answer withHeader(Answer a, String name, String value) {
        return new Answer(
                a.status(),
                a.body(),
                Map.of(name, value),
                a.literalRetryAfter(),
                a.retryAfterDateIn(),
                a.delay(),
                a.eventCount(),
                a.accepted(),
                a.events(),
                a.keep());
    }

    private static @Nullable String checkAuthorization(@Nullable List<String> values, String key) {
        if (values == null || values.isEmpty()) {
            return "missing Authorization header; expected 'Bearer <API key>'";
        }
        if (values.size() > 1) {
            return "more than one Authorization header";
        }
        String value = values.get(0);
        if (!value.startsWith("Bearer ")) {
            return "Authorization must be 'Bearer <API key>'";
        }
        if (!value.substring("Bearer ".length()).equals(key)) {
            return "invalid API key";
        }
        return null;
    }

    private static @Nullable String checkContentType(@Nullable List<String> values) {
        if (values == null || values.isEmpty()) {
            return "Content-Type must be application/json, got none";
        }
        String value = values.get(0);
        int semicolon = value.indexOf(';');
        String mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            return "Content-Type must be application/json, got " + value;
        }
        return null;
    }

    /** Chooses the API key and port of a {@link FakeIngest}. */
    public static final class Builder {

        private @Nullable String apiKey;
        private int port;

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
            return new FakeIngest(key, port);
        }
    }
}
