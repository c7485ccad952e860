package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import ai.pagent.test.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PagentClient#send} and the builder, against a real {@link FakeIngest} on loopback. */
class PagentClientTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    private PagentClient client() {
        // Generous: a cold JVM on a busy machine can take seconds for its first request.
        return client(Duration.ofSeconds(10));
    }

    private PagentClient client(Duration readTimeout) {
        return PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .readTimeout(readTimeout)
                .build();
    }

    @Test
    void sendsOneRequestWithBearerKeyJsonAndUserAgent() {
        try (PagentClient client = client()) {
            SendResult result = client.send(TestEvents.events(0, 3));

            assertThat(result.accepted()).isEqualTo(3);
            assertThat(result.partial()).isFalse();
        }
        RecordedRequest request = ingest.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/conversions");
        assertThat(request.header("Authorization")).contains("Bearer " + ingest.apiKey());
        assertThat(request.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(request.header("User-Agent"))
                .hasValueSatisfying(v -> assertThat(v).matches("pagent-java/\\S+ \\(Java [0-9][^)]*\\)"));
        assertThat(ingest.events())
                .extracting(ReceivedEvent::sessionId, ReceivedEvent::revenue, ReceivedEvent::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("session-0", 100L, "checkout"),
                        org.assertj.core.groups.Tuple.tuple("session-1", 101L, "checkout"),
                        org.assertj.core.groups.Tuple.tuple("session-2", 102L, "checkout"));
        assertThat(ingest.events().get(0).properties()).isEqualTo(Map.of("plan", "pro"));
        assertThat(ingest.events().get(0).time()).isNotNull();
    }

    @Test
    void postsBelowAnEndpointPathPrefix() {
        // An endpoint with a path (a proxy mount) keeps it: {endpoint}/v1/conversions.
        try (PagentClient client = PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(URI.create(ingest.endpoint() + "/"))
                .build()) {
            assertThat(client.send(TestEvents.events(0, 1)).accepted()).isEqualTo(1);
        }
        assertThat(ingest.requests()).extracting(RecordedRequest::path).containsExactly("/v1/conversions");
    }

    @Test
    void reportsAPartialAcceptanceAsPartial() {
        ingest.acceptFewer(1);
        try (PagentClient client = client()) {
            SendResult result = client.send(TestEvents.events(0, 4));
            assertThat(result.sent()).isEqualTo(4);
            assertThat(result.accepted()).isEqualTo(3);
            assertThat(result.partial()).isTrue();
        }
    }

    @Test
    void mapsABadRequestToInvalidRequestExceptionWithPagentsError() {
        ingest.rejectEvents(e -> "poison".equals(e.label()));
        try (PagentClient client = client()) {
            InvalidRequestException e = catchThrowableOfType(
                    InvalidRequestException.class,
                    () -> client.send(List.of(TestEvents.event(1), TestEvents.labelled(2, "poison"))));
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.getMessage()).contains("400").contains("events[1]");
        }
    }

    @Test
    void mapsAWrongKeyToUnauthorizedException() {
        try (PagentClient client = PagentClient.builder()
                .apiKey("wrong-key")
                .endpoint(ingest.endpoint())
                .build()) {
            assertThatThrownBy(() -> client.send(TestEvents.events(0, 1)))
                    .isInstanceOf(UnauthorizedException.class)
                    .extracting(e -> ((PagentException) e).statusCode())
                    .isEqualTo(401);
        }
        assertThat(ingest.events()).isEmpty();
    }

    @Test
    void readsRetryAfterInSeconds() {
        ingest.rateLimitNext(1, Duration.ofSeconds(7));
        try (PagentClient client = client()) {
            RateLimitedException e =
                    catchThrowableOfType(RateLimitedException.class, () -> client.send(TestEvents.events(0, 1)));
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        }
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        ingest.rateLimitNextWithHttpDate(1, Duration.ofSeconds(30));
        try (PagentClient client = client()) {
            RateLimitedException e =
                    catchThrowableOfType(RateLimitedException.class, () -> client.send(TestEvents.events(0, 1)));
            // The date is whole seconds, rounded up, so the wait is within (28 s, 31 s].
            assertThat(e.retryAfter())
                    .hasValueSatisfying(d -> assertThat(d)
                            .isGreaterThan(Duration.ofSeconds(28))
                            .isLessThanOrEqualTo(Duration.ofSeconds(31)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "Thu, 99 Foo 2026"})
    void treatsAnUnreadableRetryAfterAsAbsent(String header) {
        ingest.rateLimitNext(1, header);
        try (PagentClient client = client()) {
            RateLimitedException e =
                    catchThrowableOfType(RateLimitedException.class, () -> client.send(TestEvents.events(0, 1)));
            assertThat(e.retryAfter()).isEmpty();
        }
    }

    @Test
    void readsA429WithoutRetryAfter() {
        ingest.rateLimitNext(1);
        try (PagentClient client = client()) {
            RateLimitedException e =
                    catchThrowableOfType(RateLimitedException.class, () -> client.send(TestEvents.events(0, 1)));
            assertThat(e.retryAfter()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void mapsServerErrorsToServerErrorException(int status) {
        ingest.failNext(status, 1);
        try (PagentClient client = client()) {
            ServerErrorException e =
                    catchThrowableOfType(ServerErrorException.class, () -> client.send(TestEvents.events(0, 1)));
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.getMessage()).contains(String.valueOf(status));
        }
    }

    @Test
    void mapsADroppedConnectionToTransportException() {
        ingest.dropConnectionNext(1);
        try (PagentClient client = client()) {
            TransportException e =
                    catchThrowableOfType(TransportException.class, () -> client.send(TestEvents.events(0, 1)));
            assertThat(e.statusCode()).isZero();
            assertThat(e.getCause()).isNotNull();
        }
        // Our client never repeats a request by itself: one attempt, one request.
        assertThat(ingest.requests()).hasSize(1);
    }

    @Test
    void mapsAnAnswerSlowerThanTheReadTimeoutToTransportException() {
        ingest.latencyNext(1, Duration.ofSeconds(2));
        try (PagentClient client = client(Duration.ofMillis(500))) {
            TransportException e =
                    catchThrowableOfType(TransportException.class, () -> client.send(TestEvents.events(0, 1)));
            assertThat(e.getMessage()).containsIgnoringCase("timeout");
        }
        // The ingest records the request when it finally answers; let that happen inside this test.
        ingest.awaitRequests(1, Duration.ofSeconds(10));
    }

    @Test
    void refusesToSendEmptyOrOversizedRequests() {
        try (PagentClient client = client()) {
            assertThatThrownBy(() -> client.send(List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 100");
            assertThatThrownBy(() -> client.send(TestEvents.events(0, 101)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 101");
        }
        assertThat(ingest.requests()).isEmpty();
    }

    @Test
    void refusesToSendAfterClose() {
        PagentClient client = client();
        client.close();
        assertThatThrownBy(() -> client.send(TestEvents.events(0, 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trimsTheKeyOfSurroundingWhitespace() {
        try (PagentClient client = PagentClient.builder()
                .apiKey("  " + ingest.apiKey() + "\n")
                .endpoint(ingest.endpoint())
                .build()) {
            assertThat(client.send(TestEvents.events(0, 1)).accepted()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ab cd", "ab\tcd", "ab\u0000cd", "schlüssel"})
    void rejectsKeysThatCannotBeKeysWithoutEchoingThem(String key) {
        assertThatThrownBy(() -> PagentClient.builder().apiKey(key).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKey")
                .satisfies(e -> {
                    if (!key.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(key.strip());
                    }
                });
    }

    @Test
    void requiresAKeyUnlessDryRun() {
        assertThatThrownBy(() -> PagentClient.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKey is required")
                .hasMessageContaining("PAGENT_API_KEY");
        PagentClient.builder().dryRun(true).build().close();
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("https://ingest.pagent.ai", true),
                Arguments.of("http://127.0.0.1:8080", true),
                Arguments.of("http://localhost:8080", true),
                Arguments.of("http://[::1]:8080", true),
                Arguments.of("http://127.1.2.3", true),
                Arguments.of("http://ingest.pagent.ai", false),
                Arguments.of("http://10.0.0.1:8080", false),
                Arguments.of("http://127.0.0.1.example.com", false),
                // Hex letters and dots: a name, never resolved to decide (it may point at loopback).
                Arguments.of("http://cafe.be", false),
                Arguments.of("http://abc.de:8080", false),
                Arguments.of("http://localhost.example.com", false),
                Arguments.of("http://[::2]:8080", false),
                Arguments.of("http://128.0.0.1", false),
                Arguments.of("HTTP://LOCALHOST:8080", true),
                Arguments.of("ftp://ingest.pagent.ai", false),
                Arguments.of("https://ingest.pagent.ai/?a=b", false));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void requiresHttpsExceptForLoopback(String endpoint, boolean allowed) {
        PagentClient.Builder builder = PagentClient.builder().apiKey("k").endpoint(URI.create(endpoint));
        if (allowed) {
            builder.build().close();
        } else {
            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("endpoint");
        }
    }

    @Test
    void rejectsAnEndpointWithUserInfoWithoutPrintingIt() {
        assertThatThrownBy(() -> PagentClient.builder()
                        .apiKey("k")
                        .endpoint(URI.create("https://user:s3cret@ingest.pagent.ai/base"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoint must not carry user info")
                .hasMessageContaining("https://***@ingest.pagent.ai/base")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("user:");
        assertThatThrownBy(() -> PagentClient.builder()
                        .apiKey("k")
                        .endpoint(URI.create("ftp://user:s3cret@ingest.pagent.ai"))
                        .build())
                .hasMessageContaining("endpoint must be an absolute http(s) URL")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> PagentClient.builder()
                        .apiKey("k")
                        .endpoint(URI.create("http://user:s3cret@cafe.be"))
                        .build())
                .hasMessageContaining("https")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void showsTheEndpointInToString() {
        try (PagentClient client = client()) {
            assertThat(client.toString()).isEqualTo("PagentClient{endpoint=" + ingest.endpoint() + ", state=RUNNING}");
        }
        try (PagentClient dryRun = PagentClient.builder().dryRun(true).build()) {
            assertThat(dryRun.toString()).contains("dryRun").contains("https://ingest.pagent.ai");
        }
    }

    static Stream<Arguments> bounds() {
        Duration zero = Duration.ZERO;
        return Stream.<Arguments>of(
                Arguments.of("connectTimeout", (Customizer) b -> b.connectTimeout(zero)),
                Arguments.of("readTimeout", (Customizer) b -> b.readTimeout(zero)),
                Arguments.of("flushInterval", (Customizer) b -> b.flushInterval(zero)),
                Arguments.of("shutdownTimeout", (Customizer) b -> b.shutdownTimeout(zero)),
                Arguments.of("initialBackoff", (Customizer) b -> b.initialBackoff(zero)),
                Arguments.of("maxBackoff", (Customizer) b -> b.maxBackoff(Duration.ofMillis(-1))),
                Arguments.of("maxBackoff", (Customizer)
                        b -> b.initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1))),
                Arguments.of("queueCapacity", (Customizer) b -> b.queueCapacity(0)),
                Arguments.of("queueCapacity", (Customizer) b -> b.queueCapacity(10_000_001)),
                Arguments.of("queueCapacityBytes", (Customizer) b -> b.queueCapacityBytes(65_535)),
                Arguments.of("queueCapacityBytes", (Customizer) b -> b.queueCapacityBytes((1L << 40) + 1)),
                Arguments.of("maxRequestBytes", (Customizer) b -> b.maxRequestBytes(65_535)),
                Arguments.of("maxRequestBytes", (Customizer) b -> b.maxRequestBytes(16 * 1024 * 1024 + 1)),
                Arguments.of("maxBatchSize", (Customizer) b -> b.maxBatchSize(0)),
                Arguments.of("maxBatchSize", (Customizer) b -> b.maxBatchSize(101)),
                Arguments.of("maxInFlight", (Customizer) b -> b.maxInFlight(0)),
                Arguments.of("maxInFlight", (Customizer) b -> b.maxInFlight(65)),
                Arguments.of("maxAttempts", (Customizer) b -> b.maxAttempts(0)),
                Arguments.of("maxAttempts", (Customizer) b -> b.maxAttempts(101)),
                Arguments.of("listenerCapacity", (Customizer) b -> b.listenerCapacity(0)));
    }

    /** A change to a builder, for tables of settings. */
    interface Customizer {
        PagentClient.Builder apply(PagentClient.Builder b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void refusesASettingJustOutsideItsRange(String setting, Customizer outside) {
        assertThatThrownBy(
                        () -> outside.apply(PagentClient.builder().apiKey("k")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid PagentClient settings: " + setting + " must");
    }

    @Test
    void acceptsEverySettingAtTheEdgesOfItsRange() {
        Duration tiny = Duration.ofNanos(1);
        PagentClient.builder()
                .apiKey("k")
                .connectTimeout(Duration.ofMillis(1))
                .readTimeout(Duration.ofMillis(1))
                .flushInterval(tiny)
                .shutdownTimeout(Duration.ofMillis(1))
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(1))
                .queueCapacity(1)
                .queueCapacityBytes(65_536)
                .maxRequestBytes(65_536)
                .maxBatchSize(1)
                .maxInFlight(1)
                .maxAttempts(1)
                .listenerCapacity(1)
                .build()
                .close();
        PagentClient.builder()
                .apiKey("k")
                .queueCapacity(10_000_000)
                .queueCapacityBytes(1L << 40)
                .maxRequestBytes(16 * 1024 * 1024)
                .maxBatchSize(100)
                .maxInFlight(64)
                .maxAttempts(100)
                .build()
                .close();
    }

    @Test
    void removesItsShutdownHookOnClose() {
        PagentClient client = client().registerShutdownHook();
        Thread hook = client.shutdownHook();
        assertThat(hook).isNotNull();

        client.close();

        assertThat(client.shutdownHook()).isNull();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse(); // already removed
        assertThat(client.registerShutdownHook().shutdownHook()).isNull(); // closed: nothing to register
    }

    @Test
    void offersNoPublicWayToMakeStats() {
        assertThat(PagentStats.class.getConstructors()).isEmpty();
    }

    @Test
    void namesEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> PagentClient.builder()
                        .apiKey("k")
                        .maxBatchSize(101)
                        .queueCapacity(0)
                        .maxInFlight(0)
                        .maxAttempts(0)
                        .flushInterval(Duration.ZERO)
                        .connectTimeout(Duration.ofSeconds(-1))
                        .initialBackoff(Duration.ofSeconds(5))
                        .maxBackoff(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "maxBatchSize",
                        "queueCapacity",
                        "maxInFlight",
                        "maxAttempts",
                        "flushInterval",
                        "connectTimeout",
                        "maxBackoff");
    }

    @Test
    void neverShowsTheKeyInLogsExceptionsOrToString() {
        String key = "pgnt_secret_" + "k3y" + "_value";
        ingest.rotateKey(key);
        List<Throwable> thrown = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            try (PagentClient client = PagentClient.builder()
                    .apiKey(key)
                    .endpoint(ingest.endpoint())
                    .readTimeout(Duration.ofMillis(300))
                    .maxAttempts(2)
                    .initialBackoff(Duration.ofMillis(1))
                    .maxBackoff(Duration.ofMillis(5))
                    .build()) {
                assertThat(client.toString()).doesNotContain(key);
                assertThat(client.stats().toString()).doesNotContain(key);
                ingest.failNext(500, 1).rateLimitNext(1).dropConnectionNext(1).latencyNext(1, Duration.ofSeconds(1));
                for (int i = 0; i < 4; i++) {
                    try {
                        client.send(TestEvents.events(i, 1));
                    } catch (PagentException e) {
                        thrown.add(e);
                    }
                }
                ingest.rotateKey("another-key"); // now the client's key is refused
                try {
                    client.send(TestEvents.events(9, 1));
                } catch (PagentException e) {
                    thrown.add(e);
                }
                ingest.rotateKey(key);
                ingest.failNext(503, 10);
                client.track(TestEvents.event(10));
                client.flush(Duration.ofSeconds(5));
                assertThat(client.stats().toString()).doesNotContain(key);
            }
            try (PagentClient dryRun =
                    PagentClient.builder().apiKey(key).dryRun(true).build()) {
                dryRun.track(TestEvents.event(11));
                assertThat(dryRun.flush(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(thrown).hasSize(5);
            for (Throwable t : thrown) {
                for (Throwable c = t; c != null; c = c.getCause()) {
                    assertThat(String.valueOf(c.getMessage())).doesNotContain(key);
                    assertThat(c.toString()).doesNotContain(key);
                }
            }
            assertThat(logs.lines())
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).doesNotContain(key));
        }
    }

    @Test
    void dryRunLogsEachEventInsteadOfSending() {
        try (LogCapture logs = new LogCapture();
                PagentClient client = PagentClient.builder().dryRun(true).build()) {
            SendResult result = client.send(TestEvents.events(0, 2));
            assertThat(result.accepted()).isEqualTo(2);
            assertThat(logs.lines())
                    .filteredOn(l -> l.contains("dry run"))
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l).contains("\"conversion_id\":\"" + TestEvents.GOAL + "\""));
        }
        assertThat(ingest.requests()).isEmpty();
    }
}
