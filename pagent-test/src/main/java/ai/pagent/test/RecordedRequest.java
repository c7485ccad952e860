package ai.pagent.test;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request that {@link FakeIngest} received, and how it answered.
 *
 * @param receivedAt when the request's headers arrived
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request path without the query, e.g. {@code /v1/conversions}
 * @param headers the request headers; lookups ignore case (see {@link #header(String)})
 * @param body the request body decoded as UTF-8 (empty when there was none)
 * @param status the status answered, or {@link #DROPPED} when the connection was closed instead
 * @param eventCount the number of elements in the body's {@code events} array, counted also for
 *     rejected and faulted requests; 0 when the body is not a JSON object with an {@code events}
 *     array
 * @param accepted the number of events accepted and recorded (0 unless {@code status} is 200)
 */
public record RecordedRequest(
        Instant receivedAt,
        String method,
        String path,
        Map<String, List<String>> headers,
        String body,
        int status,
        int eventCount,
        int accepted) {

    /** The {@link #status()} of a request whose connection was closed without any response. */
    public static final int DROPPED = 0;

    /**
     * Creates a record of a request; {@link FakeIngest} does this for each request. The headers are
     * copied into an unmodifiable map whose lookups ignore case.
     *
     * @param receivedAt when the request arrived
     * @param method the HTTP method
     * @param path the request path
     * @param headers the request headers
     * @param body the request body
     * @param status the status answered, or {@link #DROPPED}
     * @param eventCount the number of events in the body
     * @param accepted the number of events accepted
     */
    public RecordedRequest {
        requireNonNull(receivedAt, "receivedAt");
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        requireNonNull(body, "body");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) ->
                copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the first value of a request header.
     *
     * @param name the header name, in any case
     * @return its first value, or empty when the request did not carry it
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns whether the connection was closed without a response ({@link FakeIngest#dropConnectionNext(int)}).
     *
     * @return {@code true} when no response was sent
     */
    public boolean dropped() {
        return status == DROPPED;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + (dropped() ? "dropped" : String.valueOf(status)) + " (" + eventCount
                + " events, " + accepted + " accepted)";
    }
}
