package ai.pagent.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Jetty side of {@link FakeIngest}: reads each request whole, asks the {@link Responder} for the
 * answer, records it, and writes it (after any delay, dripped when asked), holding no thread while
 * waiting.
 */
final class IngestHandler extends Handler.Abstract {

    /** Far beyond any valid batch; only guards the test JVM against a runaway client. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final Responder responder;
    private final Recorder recorder;
    private final ConcurrencyGauge concurrency;

    IngestHandler(Responder responder, Recorder recorder, ConcurrencyGauge concurrency) {
        super(InvocationType.BLOCKING);
        this.responder = responder;
        this.recorder = recorder;
        this.concurrency = concurrency;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Instant receivedAt = Instant.now();
        concurrency.enter();
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (ExecutionException e) {
            concurrency.exit();
            callback.failed(e.getCause());
            return true;
        } catch (InterruptedException e) {
            concurrency.exit();
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
        Answer answer = responder.answer(method, path, headers, body);

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
            recorder.record(recorded, answer.events());
            concurrency.exit();
            if (answer.status() == RecordedRequest.DROPPED) {
                drop(request, callback);
            } else {
                send(request, response, answer, callback);
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

    private static void send(Request request, Response response, Answer answer, Callback callback) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CONTENT_LENGTH, String.valueOf(answer.body().length));
        answer.headers().forEach(headers::put);
        String retryAfter = answer.retryAfter();
        if (retryAfter != null) {
            headers.put(HttpHeader.RETRY_AFTER, retryAfter);
        }
        Duration drip = answer.drip();
        if (drip == null || answer.body().length == 0) {
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        } else {
            // Commit the status and headers now; the body follows one byte per pause.
            Drip dripping = new Drip(
                    response,
                    answer.body(),
                    drip.toNanos(),
                    request.getComponents().getScheduler(),
                    callback);
            response.write(false, ByteBuffer.allocate(0), dripping);
        }
    }

    private static void drop(Request request, Callback callback) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        // Failing the callback would make Jetty log a warning and try to write a 500; succeeding it
        // on a closed endpoint just ends the exchange quietly.
        callback.succeeded();
    }

    /** Writes a body one byte at a time, each after a pause, without holding a thread. */
    private static final class Drip implements Callback {

        private final Response response;
        private final byte[] body;
        private final long pauseNanos;
        private final Scheduler scheduler;
        private final Callback done;
        private int next;

        Drip(Response response, byte[] body, long pauseNanos, Scheduler scheduler, Callback done) {
            this.response = response;
            this.body = body;
            this.pauseNanos = pauseNanos;
            this.scheduler = scheduler;
            this.done = done;
        }

        @Override
        public void succeeded() {
            if (next == body.length) {
                done.succeeded();
                return;
            }
            scheduler.schedule(this::writeNext, pauseNanos, TimeUnit.NANOSECONDS);
        }

        private void writeNext() {
            int at = next++;
            response.write(next == body.length, ByteBuffer.wrap(body, at, 1), this);
        }

        @Override
        public void failed(Throwable cause) {
            // The client gave up (a call timeout): nothing to finish.
            done.failed(cause);
        }
    }
}
