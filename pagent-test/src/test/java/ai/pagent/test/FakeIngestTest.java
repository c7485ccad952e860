package ai.pagent.test;

import static ai.pagent.test.RawHttp.batch;
import static ai.pagent.test.RawHttp.event;
import static ai.pagent.test.RawHttp.oneEvent;
import static ai.pagent.test.RawHttp.post;
import static ai.pagent.test.RawHttp.rawPost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract: routing, authorization, body rules and what is recorded. */
class FakeIngestTest {

    static final String KEY = "pk_test_123";
    static FakeIngest ingest;

    @BeforeAll
    static void start() {
        ingest = FakeIngest.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @BeforeEach
    void reset() {
        ingest.reset();
    }

    @Test
    void listensOnLoopbackWithTheConfiguredKey() {
        assertThat(ingest.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(ingest.conversionsUri()).isEqualTo(URI.create(ingest.endpoint() + "/v1/conversions"));
        assertThat(ingest.apiKey()).isEqualTo(KEY);
    }

    @Test
    void startsWithARandomKeyByDefault() {
        try (FakeIngest a = FakeIngest.start();
                FakeIngest b = FakeIngest.start()) {
            assertThat(a.apiKey()).isNotEqualTo(b.apiKey()).startsWith("test-");
            assertThat(a.endpoint()).isNotEqualTo(b.endpoint());
            assertThat(post(a, batch(0, 1)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void acceptsAValidBatchAndRecordsItsEvents() {
        String body = "{\"events\":[{\"session_id\":\"s1\",\"user_id\":\"u1\",\"conversion_id\":\"c1\","
                + "\"label\":\"checkout\",\"revenue\":999,\"properties\":{\"plan\":\"pro\",\"seats\":3,\"b\":true,"
                + "\"x\":null,\"r\":1.5,\"l\":[1,\"a\"]},\"time\":1764151200000},"
                + event(2) + "]}";

        HttpResponse<String> response = post(ingest, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accepted\":2}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        List<ReceivedEvent> events = ingest.events();
        assertThat(events).hasSize(2);
        ReceivedEvent first = events.get(0);
        assertThat(first.sessionId()).isEqualTo("s1");
        assertThat(first.userId()).isEqualTo("u1");
        assertThat(first.conversionId()).isEqualTo("c1");
        assertThat(first.label()).isEqualTo("checkout");
        assertThat(first.revenue()).isEqualTo(999L);
        assertThat(first.time()).isEqualTo(1764151200000L);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) first.properties();
        assertThat(properties)
                .containsExactly(
                        Map.entry("plan", "pro"),
                        Map.entry("seats", 3L),
                        Map.entry("b", true),
                        new AbstractMap.SimpleEntry<>("x", null),
                        Map.entry("r", 1.5),
                        Map.entry("l", List.of(1L, "a")));
        assertThat(first.json()).startsWith("{\"session_id\":\"s1\"").endsWith("\"time\":1764151200000}");
        ReceivedEvent second = events.get(1);
        assertThat(second.json()).isEqualTo(event(2));
        assertThat(second.label()).isNull();
        assertThat(second.revenue()).isNull();
        assertThat(second.properties()).isNull();
        assertThat(second.time()).isNull();
        assertThat(ingest.acceptedCount()).isEqualTo(2);
        assertThat(ingest.requestCount()).isEqualTo(1);
    }

    @Test
    void recordsTheRequestWithHeadersStatusAndCounts() {
        post(ingest, batch(0, 3));

        RecordedRequest request = ingest.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/conversions");
        assertThat(request.header("authorization")).hasValue("Bearer " + KEY);
        assertThat(request.header("CONTENT-TYPE")).hasValue("application/json");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer " + KEY);
        assertThat(request.header("X-Absent")).isEmpty();
        assertThat(request.body()).isEqualTo(batch(0, 3));
        assertThat(request.status()).isEqualTo(200);
        assertThat(request.eventCount()).isEqualTo(3);
        assertThat(request.accepted()).isEqualTo(3);
        assertThat(request.dropped()).isFalse();
        assertThat(request.receivedAt()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void acceptsOneToAHundredEvents(int count) {
        HttpResponse<String> response = post(ingest, batch(0, count));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accepted\":" + count + "}");
        assertThat(ingest.events()).hasSize(count);
        assertThat(ingest.events().get(count - 1).conversionId()).isEqualTo("c-" + (count - 1));
    }

    @Test
    void rejectsAHundredAndOneEvents() {
        HttpResponse<String> response = post(ingest, batch(0, 101));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"events must hold 1 to 100 events, got 101\"}");
        assertThat(ingest.events()).isEmpty();
        assertThat(ingest.requests().get(0).eventCount()).isEqualTo(101);
    }

    static Stream<Arguments> invalidBodies() {
        String e = event(0);
        return Stream.of(
                Arguments.of("", "body is empty"),
                Arguments.of("not json", "body is not valid JSON"),
                Arguments.of("[" + batch(0, 1) + "]", "body must be a JSON object with an events array, got an array"),
                Arguments.of("\"events\"", "body must be a JSON object with an events array, got a string"),
                Arguments.of(batch(0, 1) + " {}", "unexpected content after the JSON object"),
                Arguments.of(batch(0, 1) + " garbage", "body is not valid JSON"),
                Arguments.of("{\"events\":[" + e + "]", "body is not valid JSON"),
                Arguments.of("{}", "events is required"),
                Arguments.of("{\"event\":[" + e + "]}", "events is required"),
                Arguments.of("{\"events\":{}}", "events must be an array of 1 to 100 objects, got an object"),
                Arguments.of("{\"events\":null}", "events must be an array of 1 to 100 objects, got null"),
                Arguments.of("{\"events\":[]}", "events must hold 1 to 100 events, got 0"),
                Arguments.of("{\"events\":[" + e + ",1]}", "events[1] must be an object, got a number"),
                Arguments.of(oneEvent("\"user_id\":\"u\",\"conversion_id\":\"c\""), "events[0].session_id is required"),
                Arguments.of(oneEvent("\"session_id\":\"s\",\"conversion_id\":\"c\""), "events[0].user_id is required"),
                Arguments.of(oneEvent("\"session_id\":\"s\",\"user_id\":\"u\""), "events[0].conversion_id is required"),
                Arguments.of(
                        oneEvent("\"session_id\":\"\",\"user_id\":\"u\",\"conversion_id\":\"c\""),
                        "events[0].session_id must be a non-empty string, got \\\"\\\""),
                Arguments.of(
                        oneEvent("\"session_id\":\"s\",\"user_id\":5,\"conversion_id\":\"c\""),
                        "events[0].user_id must be a non-empty string, got a number"),
                Arguments.of(
                        oneEvent("\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":null"),
                        "events[0].conversion_id must be a non-empty string, got null"),
                Arguments.of(withField("\"label\":7"), "events[0].label must be a string, got a number"),
                Arguments.of(withField("\"revenue\":9.99"), "events[0].revenue must be an integer (cents), got 9.99"),
                Arguments.of(withField("\"revenue\":1e3"), "events[0].revenue must be an integer (cents), got 1e3"),
                Arguments.of(
                        withField("\"revenue\":\"999\""), "events[0].revenue must be an integer (cents), got a string"),
                Arguments.of(
                        withField("\"revenue\":99999999999999999999"),
                        "events[0].revenue must be an integer that fits in 64 bits"),
                Arguments.of(
                        withField("\"properties\":\"plan=pro\""),
                        "events[0].properties must be an object or an array of objects, got a string"),
                Arguments.of(
                        withField("\"properties\":[{\"a\":1},2]"),
                        "events[0].properties[1] must be an object, got a number"),
                Arguments.of(
                        withField("\"properties\":{\"price\":1E+1000000}"),
                        "events[0].properties.price must be a finite number, got 1E+1000000"),
                Arguments.of(
                        withField("\"properties\":[{\"a\":{\"b\":[1,-1e309]}}]"),
                        "events[0].properties[0].a.b[1] must be a finite number, got -1e309"),
                Arguments.of(withField("\"time\":1e400"), "events[0].time must be a finite number, got 1e400"),
                Arguments.of(
                        withField("\"properties\":{\"n\":" + "9".repeat(1001) + "}"),
                        "body is not valid JSON: Number value length (1001) exceeds the maximum allowed (1000"),
                Arguments.of(
                        withField("\"time\":\"1764151200000\""),
                        "events[0].time must be a number (Unix milliseconds), got a string"),
                Arguments.of(
                        "{\"events\":[" + e + "," + e + "," + e + "," + event(3).replace("}", ",\"revenue\":1.5}")
                                + "]}",
                        "events[3].revenue must be an integer (cents), got 1.5"));
    }

    private static String withField(String field) {
        return "{\"events\":[" + event(0).replace("}", "," + field + "}") + "]}";
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidBodies")
    void rejectsAnInvalidBodyWholeWithAnErrorThatSaysWhere(String body, String error) {
        HttpResponse<String> response = post(ingest, batch(10, 1));
        assertThat(response.statusCode()).isEqualTo(200);

        HttpResponse<String> rejected = post(ingest, body);

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(rejected.body()).startsWith("{\"error\":\"" + error);
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-10");
        assertThat(ingest.requests().get(1).status()).isEqualTo(400);
        assertThat(ingest.requests().get(1).accepted()).isZero();
    }

    static Stream<Arguments> validFields() {
        return Stream.of(
                Arguments.of("\"revenue\":999", 999L),
                Arguments.of("\"revenue\":-5", -5L),
                Arguments.of("\"properties\":{\"plan\":\"pro\"}", Map.of("plan", "pro")),
                Arguments.of("\"properties\":[{\"a\":1},{\"b\":\"c\"}]", List.of(Map.of("a", 1L), Map.of("b", "c"))),
                Arguments.of("\"properties\":[]", List.of()),
                Arguments.of("\"time\":1764151200000", 1764151200000L),
                Arguments.of("\"time\":1764151200000.5", 1764151200000.5),
                Arguments.of(
                        "\"properties\":{\"n\":" + "9".repeat(1000) + "}",
                        Map.of("n", new BigInteger("9".repeat(1000)))),
                Arguments.of("\"properties\":{\"x\":1.7976931348623157E308}", Map.of("x", Double.MAX_VALUE)),
                Arguments.of("\"label\":\"checkout\"", "checkout"),
                Arguments.of("\"label\":null", null),
                Arguments.of("\"visit_id\":\"v1\",\"extra\":{\"nested\":[1,2]}", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validFields")
    void acceptsValidOptionalFieldsAndUnknownOnes(String field, Object expected) {
        HttpResponse<String> response = post(ingest, withField(field));

        assertThat(response.statusCode()).isEqualTo(200);
        ReceivedEvent event = ingest.events().get(0);
        Object actual = field.startsWith("\"revenue\"")
                ? event.revenue()
                : field.startsWith("\"properties\"")
                        ? event.properties()
                        : field.startsWith("\"time\"") ? event.time() : event.label();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void acceptsUnknownTopLevelFields() {
        String body = "{\"api_version\":2,\"events\":[" + event(0) + "],\"meta\":{\"a\":[1]}}";

        assertThat(post(ingest, body).statusCode()).isEqualTo(200);
    }

    @Test
    void keepsTheRawJsonOfEachEventIncludingNonAscii() {
        String event = "{\"session_id\":\"s\",\"user_id\":\"ü\",\"conversion_id\":\"c\",\"label\":\"caf\\u00e9 ☕\"}";

        post(ingest, "{ \"events\" : [ " + event + " ] }");

        ReceivedEvent received = ingest.events().get(0);
        assertThat(received.json()).isEqualTo(event);
        assertThat(received.userId()).isEqualTo("ü");
        assertThat(received.label()).isEqualTo("café ☕");
    }

    static Stream<Arguments> badAuthorizations() {
        return Stream.of(
                Arguments.of("Basic " + KEY, "Authorization must be 'Bearer <API key>'"),
                Arguments.of("bearer " + KEY, "Authorization must be 'Bearer <API key>'"),
                Arguments.of("Bearer" + KEY, "Authorization must be 'Bearer <API key>'"),
                Arguments.of("Bearer  " + KEY, "invalid API key"),
                Arguments.of("Bearer " + KEY + "x", "invalid API key"),
                Arguments.of("Bearer wrong", "invalid API key"),
                Arguments.of(KEY, "Authorization must be 'Bearer <API key>'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badAuthorizations")
    void rejectsAnythingButTheExactBearerKey(String authorization, String error) {
        HttpResponse<String> response = post(ingest, authorization, batch(0, 1));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + error + "\"}");
        assertThat(ingest.events()).isEmpty();
    }

    @Test
    void rejectsAMissingAuthorizationHeader() {
        HttpResponse<String> response = RawHttp.send(HttpRequest.newBuilder(ingest.conversionsUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(0, 1)))
                .build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("missing Authorization header");
    }

    @Test
    void rejectsTwoAuthorizationHeaders() {
        String response = RawHttp.exchange(
                ingest,
                rawPost(
                        ingest,
                        "Authorization: Bearer " + KEY + "\r\nAuthorization: Bearer " + KEY
                                + "\r\nContent-Type: application/json\r\n",
                        batch(0, 1)));

        assertThat(response).startsWith("HTTP/1.1 401").contains("more than one Authorization header");
    }

    @Test
    void acceptsAWellFormedRequestOnARawSocket() {
        String response = RawHttp.exchange(
                ingest,
                rawPost(
                        ingest,
                        "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json; charset=utf-8\r\n",
                        batch(0, 2)));

        assertThat(response).startsWith("HTTP/1.1 200").endsWith("{\"accepted\":2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp"})
    void rejectsANonJsonContentTypeWith400(String contentType) {
        HttpResponse<String> response = RawHttp.send(HttpRequest.newBuilder(ingest.conversionsUri())
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(batch(0, 1)))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"Content-Type must be application/json, got " + contentType + "\"}");
    }

    @Test
    void rejectsAMissingContentTypeWith400() {
        HttpResponse<String> response = RawHttp.send(HttpRequest.newBuilder(ingest.conversionsUri())
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(batch(0, 1)))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Content-Type must be application/json, got none");
    }

    @Test
    void checksAuthorizationBeforeTheBody() {
        HttpResponse<String> response = post(ingest, "Bearer wrong", "not json");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void answersOtherMethodsWith405(String method) {
        HttpResponse<String> response = RawHttp.send(HttpRequest.newBuilder(ingest.conversionsUri())
                .header("Authorization", "Bearer " + KEY)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).contains("\"error\"");
        assertThat(ingest.requests()).extracting(RecordedRequest::method).containsExactly(method);
    }

    @Test
    void answersOtherPathsWith404() {
        HttpResponse<String> response =
                RawHttp.send(HttpRequest.newBuilder(ingest.endpoint().resolve("/v1/conversion"))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch(0, 1)))
                        .build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no such path: /v1/conversion");
        assertThat(ingest.events()).isEmpty();
    }

    @Test
    void escapesQuotesInErrorMessages() {
        HttpResponse<String> response = RawHttp.send(HttpRequest.newBuilder(ingest.conversionsUri())
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "text/\"plain\"")
                .POST(HttpRequest.BodyPublishers.ofString(batch(0, 1)))
                .build());

        assertThat(response.body())
                .isEqualTo("{\"error\":\"Content-Type must be application/json, got text/\\\"plain\\\"\"}");
    }

    @Test
    void servesManyRequestsOnOneKeptAliveConnection() {
        String request = "POST /v1/conversions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + batch(0, 1).length() + "\r\n\r\n"
                + batch(0, 1);
        String last = request.replace("Content-Type:", "Connection: close\r\nContent-Type:");

        String responses = RawHttp.exchange(ingest, request + request + last);

        assertThat(responses.split("HTTP/1.1 200", -1)).hasSize(4);
        assertThat(ingest.events()).hasSize(3);
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> FakeIngest.builder().apiKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeIngest.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ingest.failNext(200, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ingest.failNext(503, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ingest.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ingest.acceptFewer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ingest.rotateKey("")).isInstanceOf(IllegalArgumentException.class);
    }
}
