package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hidden {@code _pgnt} field reaches the tracking of every post, for both ways a handler binds
 * a form on Netty, wherever the field sits in the body and however the body is chunked.
 */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class FormCarrierTest implements TestPropertyProvider {
    private static final int POSTS = 120;
    private final FakeIngest ingest = FakeIngest.start();

    @Inject
    EmbeddedServer server;

    @Inject
    PagentClient client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "micronaut.server.port",
                "-1",
                "pagent.api-key",
                ingest.apiKey(),
                "pagent.endpoint",
                ingest.endpoint().toString(),
                "pagent.batch.flush-interval",
                "20ms");
    }

    @BeforeEach
    void setUp() {
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
    }

    @AfterAll
    void stopIngest() {
        ingest.close();
    }

    /** What the handler answers when it got the whole body and the filter's variables. */
    private static String expectedAnswer(String path, String body, String cents, String session) {
        return path.endsWith("/raw") ? body.length() + ":" + session : "pro:" + cents + ":" + session;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/shop/form/fields", "/shop/form/record", "/shop/form/raw"})
    void everyPostIsTrackedWithItsOwnVariables(String path) throws Exception {
        Http http = new Http(server.getURI());
        Map<String, Long> expected = new HashMap<>();
        Map<String, String> bodies = new HashMap<>();
        List<Future<String[]>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < POSTS; i++) {
                String session = "form-" + path.hashCode() + "-" + i;
                long cents = 100 + i;
                // The field first, last, or in the middle, after up to 48 KiB of other fields.
                String filler = "x".repeat((i * 4099) % (48 * 1024));
                String pgnt = Http.variablesJson(session);
                String body;
                switch (i % 3) {
                    case 0:
                        body = Http.form("_pgnt", pgnt, "plan", "pro", "cents", Long.toString(cents), "notes", filler);
                        break;
                    case 1:
                        body = Http.form("plan", "pro", "cents", Long.toString(cents), "notes", filler, "_pgnt", pgnt);
                        break;
                    default:
                        body = Http.form("plan", "pro", "notes", filler, "_pgnt", pgnt, "cents", Long.toString(cents));
                        break;
                }
                bodies.put(session, body);
                // The raw handler's revenue is its body's length: proof it got all of it.
                expected.put(session, path.endsWith("/raw") ? (long) body.length() : cents);
                answers.add(pool.submit(() -> {
                    HttpResponse<String> r = http.postForm(path, body);
                    return new String[] {Integer.toString(r.statusCode()), r.body(), session, Long.toString(cents)};
                }));
            }
            for (Future<String[]> answer : answers) {
                String[] a = answer.get();
                assertThat(a[0]).as("post %s: %s", a[2], a[1]).isEqualTo("200");
                // The handler got its fields and the filter's variables.
                assertThat(a[1]).isEqualTo(expectedAnswer(path, bodies.get(a[2]), a[3], a[2]));
            }
        } finally {
            pool.shutdownNow();
        }
        List<ReceivedEvent> events = ingest.awaitEvents(POSTS, Duration.ofSeconds(30));
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(ingest.events()).hasSize(POSTS);
        Map<String, Long> received =
                events.stream().collect(Collectors.toMap(ReceivedEvent::sessionId, ReceivedEvent::revenue));
        assertThat(received).isEqualTo(expected);
    }
}
