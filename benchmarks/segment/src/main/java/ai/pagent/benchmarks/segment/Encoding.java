package ai.pagent.benchmarks.segment;

import ai.pagent.benchmarks.harness.Workload;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonWriter;
import com.segment.analytics.gson.AutoValueAdapterFactory;
import com.segment.analytics.gson.ISO8601DateAdapter;
import com.segment.analytics.gson.ISO8601InstantAdapter;
import com.segment.analytics.messages.Batch;
import com.segment.analytics.messages.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Segment's JSON encoding of a batch of 100 messages into a request body, per event: the Gson that
 * {@code Analytics.Builder.build()} configures, streamed as Retrofit's Gson converter does. (Segment
 * also serializes every message once more on the caller's thread, to size it: that cost is in
 * {@code CallerCost}, not here.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Encoding {
    private Batch batch;
    private TypeAdapter<Batch> adapter;
    private Gson gson;

    @Setup
    public void batch() {
        gson = new GsonBuilder()
                .registerTypeAdapterFactory(new AutoValueAdapterFactory())
                .registerTypeAdapter(Instant.class, new ISO8601InstantAdapter())
                .registerTypeAdapter(Date.class, new ISO8601DateAdapter())
                .create();
        adapter = gson.getAdapter(Batch.class);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            messages.add(SegmentSetup.event(i, Workload.sessionId(i), Workload.userId(i))
                    .build());
        }
        batch = Batch.create(Map.of("library", Map.of("name", "analytics-java")), messages, "bench-write-key");
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public byte[] perEvent() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 192 * 100);
        JsonWriter writer = gson.newJsonWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        adapter.write(writer, batch);
        writer.close();
        return out.toByteArray();
    }
}
