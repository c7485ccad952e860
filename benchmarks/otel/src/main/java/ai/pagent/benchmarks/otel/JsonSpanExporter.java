package ai.pagent.benchmarks.otel;

import ai.pagent.benchmarks.harness.NoDelaySockets;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The exporter the peer benchmark asks for: posts each batch of spans as JSON over OkHttp 5 (as
 * pagent does: Jackson's streaming generator, {@code TCP_NODELAY} sockets), asynchronously like
 * OpenTelemetry's own OTLP/HTTP exporter, so that the {@code BatchSpanProcessor} applies its export
 * timeout, and retrying with the OTLP exporters' default policy (see {@link #retry}). Each span
 * carries {@code "span_id"} once, which the counting ingest counts.
 */
final class JsonSpanExporter implements SpanExporter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final String url;
    private volatile boolean closed;

    JsonSpanExporter(URI endpoint, Duration readTimeout) {
        this.http = new OkHttpClient.Builder()
                .addInterceptor(this::retry)
                .socketFactory(new NoDelaySockets())
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .build();
        this.url = endpoint + "/v1/spans";
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (closed) {
            // A provider being shut down hands over what its queue still holds, batch by batch:
            // refused at once, not encoded and queued behind calls to a stalled ingest.
            return CompletableResultCode.ofFailure();
        }
        CompletableResultCode result = new CompletableResultCode();
        Request request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(encode(spans), APPLICATION_JSON))
                .build();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    if (response.isSuccessful()) {
                        result.succeed();
                    } else {
                        result.fail();
                    }
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                result.fail();
            }
        });
        return result;
    }

    /** {@code {"spans":[{"trace_id":…,"span_id":…,"name":…,"start":…,"end":…,"attributes":{…}}]}}. */
    static byte[] encode(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 256 * spans.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("spans");
            for (SpanData s : spans) {
                g.writeStartObject();
                g.writeStringField("trace_id", s.getTraceId());
                g.writeStringField("span_id", s.getSpanId());
                g.writeStringField("name", s.getName());
                g.writeNumberField("start", s.getStartEpochNanos());
                g.writeNumberField("end", s.getEndEpochNanos());
                g.writeObjectFieldStart("attributes");
                s.getAttributes().forEach((key, value) -> write(g, key, value));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, AttributeKey<?> key, Object value) {
        try {
            g.writeFieldName(key.getKey());
            if (value instanceof String s) {
                g.writeString(s);
            } else if (value instanceof Long l) {
                g.writeNumber(l);
            } else if (value instanceof Double d) {
                g.writeNumber(d);
            } else if (value instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (value instanceof List<?> list) {
                g.writeStartArray();
                for (Object o : list) {
                    g.writeString(String.valueOf(o));
                }
                g.writeEndArray();
            } else {
                g.writeString(String.valueOf(value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Retries as OpenTelemetry's OTLP exporters do by default ({@code RetryPolicy.getDefault()}: 5
     * attempts, backoff from 1 s growing 1.5x to at most 5 s, full jitter) on 429, 502, 503 and 504
     * and on I/O errors. Only failures reach it: the end-to-end and caller-cost runs never retry.
     */
    private Response retry(Interceptor.Chain chain) throws IOException {
        long backoff = TimeUnit.SECONDS.toNanos(1);
        for (int attempt = 1; ; attempt++) {
            Response response = null;
            IOException failure = null;
            try {
                response = chain.proceed(chain.request());
                int code = response.code();
                if (code != 429 && code != 502 && code != 503 && code != 504) {
                    return response;
                }
            } catch (IOException e) {
                failure = e;
            }
            if (attempt == 5 || closed || chain.call().isCanceled()) {
                if (failure != null) {
                    throw failure;
                }
                return response;
            }
            if (response != null) {
                response.close();
            }
            long sleep = ThreadLocalRandom.current().nextLong(Math.min(backoff, TimeUnit.SECONDS.toNanos(5)));
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during a retry backoff");
            }
            backoff = (long) (backoff * 1.5);
        }
    }

    /** Fails every export under way: for closing while the ingest is stalled. */
    void cancelAll() {
        closed = true; // a closed exporter retries nothing: else its threads keep the JVM alive for minutes
        http.dispatcher().cancelAll();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        return CompletableResultCode.ofSuccess();
    }
}
