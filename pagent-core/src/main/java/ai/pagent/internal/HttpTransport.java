package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.InvalidRequestException;
import ai.pagent.PagentException;
import ai.pagent.RateLimitedException;
import ai.pagent.RequestObserver;
import ai.pagent.SendResult;
import ai.pagent.ServerErrorException;
import ai.pagent.TransportException;
import ai.pagent.UnauthorizedException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Transport} over OkHttp: {@code POST {endpoint}/v1/conversions} with the Bearer key. */
public final class HttpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** pagent's answers are tiny; a larger body is cut here so a broken proxy cannot flood memory. */
    private static final long MAX_RESPONSE_BYTES = 64 * 1024;
    /** Error texts from the server are cut to this length before they reach exceptions and logs. */
    private static final int MAX_ERROR_CHARS = 500;

    private final OkHttpClient http;
    private final boolean ownsClient;
    private final HttpUrl url;
    private final ApiKey apiKey;
    private final Clock clock;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final @Nullable RequestObserver observer;
    private final RateLimitedLog observerLog = new RateLimitedLog(log, 1, TimeUnit.MINUTES);

    public HttpTransport(OkHttpClient http, boolean ownsClient, HttpUrl url, ApiKey apiKey, Clock clock) {
        this(http, ownsClient, url, apiKey, clock, null);
    }

    /** A transport that tells {@code observer} about every request it makes. */
    public HttpTransport(
            OkHttpClient http,
            boolean ownsClient,
            HttpUrl url,
            ApiKey apiKey,
            Clock clock,
            @Nullable RequestObserver observer) {
        this.http = http;
        this.ownsClient = ownsClient;
        this.url = url;
        this.apiKey = apiKey;
        this.clock = clock;
        this.observer = observer;
    }

    /** The URL requests go to: {@code {endpoint}/v1/conversions}. */
    public static HttpUrl conversionsUrl(HttpUrl endpoint) {
        HttpUrl.Builder b = endpoint.newBuilder();
        List<String> segments = endpoint.pathSegments();
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            b.removePathSegment(segments.size() - 1);
        }
        return b.addPathSegment("v1").addPathSegment("conversions").build();
    }

    /**
     * The default OkHttp client: our timeouts, and {@code TCP_NODELAY} (see {@link NoDelaySocketFactory}).
     * Every call is bounded as a whole (connect, write, read), so a server that drips its answer
     * cannot hold a sender.
     */
    public static OkHttpClient defaultClient(Duration connectTimeout, Duration readTimeout) {
        return defaultClient(connectTimeout, readTimeout, 5);
    }

    /**
     * The default OkHttp client, keeping up to {@code idleConnections} connections open between
     * requests: as many as requests may be in flight, so that a backlog drained over HTTP/1.1 reuses
     * its connections instead of reconnecting (synchronous calls are not capped per host: only
     * OkHttp's dispatcher of asynchronous calls is).
     */
    public static OkHttpClient defaultClient(Duration connectTimeout, Duration readTimeout, int idleConnections) {
        return configure(new OkHttpClient.Builder(), connectTimeout, readTimeout)
                .connectionPool(new ConnectionPool(Math.max(5, idleConnections), 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySocketFactory())
                .build();
    }

    /** A client that shares {@code shared}'s connection pool and dispatcher, with our timeouts. */
    public static OkHttpClient derivedClient(OkHttpClient shared, Duration connectTimeout, Duration readTimeout) {
        return configure(shared.newBuilder(), connectTimeout, readTimeout).build();
    }

    private static OkHttpClient.Builder configure(OkHttpClient.Builder b, Duration connect, Duration read) {
        return b.connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(callTimeout(connect, read))
                .retryOnConnectionFailure(false) // retries are ours: counted, backed off, bounded
                .followRedirects(false);
    }

    /** The bound of one whole call: connecting, then writing and reading, each within its timeout. */
    static Duration callTimeout(Duration connect, Duration read) {
        return connect.plus(read).plus(read);
    }

    /**
     * {@inheritDoc}
     *
     * @throws ApiKeyUnavailableException the key source yielded no usable key; no request was made
     */
    @Override
    public SendResult send(List<Conversion> events) {
        String key = apiKey.current();
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + key)
                .header("User-Agent", UserAgent.VALUE)
                .header("Accept", "application/json")
                .post(new BatchBody(events))
                .build();
        Call call = http.newCall(request);
        calls.add(call);
        long started = System.nanoTime();
        int status = 0;
        try (Response response = call.execute()) {
            status = response.code();
            return answer(response, events.size());
        } catch (IOException e) {
            status = 0; // no answer, or the answer's body could not be read
            throw new TransportException("no answer from pagent at " + url.redact() + ": " + describe(e), e);
        } finally {
            calls.remove(call);
            observe(status, events.size(), System.nanoTime() - started);
        }
    }

    private void observe(int status, int events, long nanos) {
        RequestObserver o = observer;
        if (o == null) {
            return;
        }
        try {
            o.onRequest(status, events, Duration.ofNanos(nanos));
        } catch (RuntimeException | LinkageError e) {
            String message = e.getMessage();
            observerLog.warn("pagent RequestObserver threw " + e.getClass().getName()
                    + (message == null ? "" : ": " + LogText.quoted(apiKey.redact(message), MAX_ERROR_CHARS))
                    + "; delivery goes on");
        }
    }

    private SendResult answer(Response response, int sent) throws IOException {
        int status = response.code();
        byte[] body = readBody(response.body());
        if (status >= 200 && status < 300) {
            OptionalInt accepted = WireFormat.readAccepted(body);
            return new SendResult(sent, accepted.orElse(sent));
        }
        String error = errorText(body, status);
        switch (status) {
            case 400:
            case 413:
                throw new InvalidRequestException(error, status);
            case 401:
            case 403:
                throw new UnauthorizedException(error, status);
            case 404:
                throw new PagentException(
                        error + " (no conversions API at " + shown(url) + ": check the endpoint)", status);
            case 429:
                throw new RateLimitedException(error, RetryAfter.parse(response.header("Retry-After"), clock));
            default:
                if (status >= 500) {
                    throw new ServerErrorException(error, status);
                }
                throw new PagentException(error, status);
        }
    }

    /** The URL without credentials or query, fit for messages and logs. */
    static String shown(HttpUrl url) {
        return url.newBuilder()
                .username("")
                .password("")
                .query(null)
                .fragment(null)
                .build()
                .toString();
    }

    private String errorText(byte[] body, int status) {
        return WireFormat.readError(body)
                .map(error ->
                        "pagent answered " + status + ": " + LogText.quoted(apiKey.redact(error), MAX_ERROR_CHARS))
                .orElse("pagent answered " + status + " without an error message");
    }

    private static byte[] readBody(ResponseBody body) throws IOException {
        var source = body.source();
        source.request(MAX_RESPONSE_BYTES);
        long size = Math.min(source.getBuffer().size(), MAX_RESPONSE_BYTES);
        return source.getBuffer().readByteArray(size);
    }

    private String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + apiKey.redact(message) + ")");
    }

    /**
     * The encoded batch in an Okio buffer, whose segments come from Okio's pool and move into the
     * socket's buffer without a copy: a request allocates almost nothing per event. One-shot: each
     * attempt encodes anew (OkHttp's own retries are off).
     */
    private static final class BatchBody extends RequestBody {
        private final Buffer encoded = new Buffer();

        BatchBody(List<Conversion> events) {
            WireFormat.writeBatch(encoded.outputStream(), events);
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return encoded.size();
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.writeAll(encoded);
        }
    }

    @Override
    public void close() {
        for (Call call : calls) {
            call.cancel();
        }
        if (ownsClient) {
            // Calls run on our own threads (execute, not enqueue): only the pool holds resources.
            http.connectionPool().evictAll();
        }
    }
}
