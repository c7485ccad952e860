package ai.pagent.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The Jetty side of {@link FakeIngest}: reads each request whole, asks for the answer, writes it. */
final class IngestHandler extends Handler.Abstract {

    /** Far beyond any valid batch; only guards the test JVM against a runaway client. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final FakeIngest ingest;

    IngestHandler(FakeIngest ingest) {
        super(InvocationType.BLOCKING);
        this.ingest = ingest;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Instant receivedAt = Instant.now();
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (ExecutionException e) {
            callback.failed(e.getCause());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return true;
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
        }
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        FakeIngest.Answer answer = ingest.answer(method, path, headers, body);

        Runnable finish = () -> {
            RecordedRequest recorded = new RecordedRequest(
                    receivedAt,
                    method,
                    path == null ? "" : path,
                    headers,
                    new String(body, StandardCharsets.UTF_8),
                    answer.status(),
                    answer.eventCount(),
                    answer.accepted());
            ingest.record(recorded, answer);
            if (answer.status() == RecordedRequest.DROPPED) {
                drop(request, callback);
            } else {
                send(response, answer, callback);
            }
        };
        long delayNanos = answer.delay().toNanos();
        if (delayNanos > 0) {
            // A scheduled answer holds no thread, so latency tests can run many slow requests at once.
            request.getComponents().getScheduler().schedule(finish, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            finish.run();
        }
        return true;
    }

    private static void send(Response response, FakeIngest.Answer answer, Callback callback) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CONTENT_LENGTH, String.valueOf(answer.body().length));
        answer.headers().forEach(headers::put);
        String retryAfter = answer.retryAfter();
        if (retryAfter != null) {
            headers.put(HttpHeader.RETRY_AFTER, retryAfter);
        }
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    private static void drop(Request request, Callback callback) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        // Failing the callback would make Jetty log a warning and try to write a 500; succeeding it
        // on a closed endpoint just ends the exchange quietly.
        callback.succeeded();
    }
}
