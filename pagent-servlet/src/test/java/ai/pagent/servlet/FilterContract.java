package ai.pagent.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentVariables;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the filter does over real HTTP; {@link JettyFilterTest} and {@link TomcatFilterTest} run it
 * on their container, each on its own classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterContract {
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final PagentVariables A = PagentVariables.of("s-a", "u-a", "v-a", GOAL);
    static final String ATTRIBUTE = PagentVariables.ATTRIBUTE;

    final PagentFilter filter = PagentFilter.builder().build();
    WebApp app;

    /** Starts {@code app} at {@code /app} on loopback. */
    abstract WebApp start(TestApp app);

    @BeforeAll
    void startApp() {
        app = start(TestApp.with(filter));
    }

    @AfterAll
    void stopApp() {
        app.close();
    }

    static String json(String session, String user) {
        return PagentVariables.of(session, user, "v-" + session, GOAL).toJson();
    }

    static String expected(String session, String user) {
        return json(session, user);
    }

    static Map<String, String> map(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** GET, or POST when there is a form, with headers and a query. */
    Http.Reply call(String path, Map<String, String> headers, Map<String, String> query, Map<String, String> form) {
        URI uri = app.uri(path + (query.isEmpty() ? "" : "?" + Http.form(query)));
        HttpRequest.Builder b = Http.request(uri);
        headers.forEach(b::header);
        if (form.isEmpty()) {
            b.GET();
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.form(form)));
        }
        return Http.send(b.build());
    }

    // ---- carriers ----

    @Test
    void aRequestWithoutCarriersGetsNothingAdded() {
        Http.Reply r = Http.get(app.uri("/vars"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("attributes")).isEmpty();
        assertThat(r.get("variables")).isEqualTo("none");
    }

    @Test
    void theJsonHeaderIsReadBeforeTheHandler() {
        Http.Reply r = Http.get(app.uri("/vars"), "X-Pagent-Variables", A.toJson());

        assertThat(r.get("attributes")).isEqualTo(ATTRIBUTE);
        assertThat(r.get("variables")).isEqualTo(A.toJson());
        assertThat(r.get("same")).isEqualTo("true");
    }

    @Test
    void theIndividualHeadersAreReadBeforeTheHandler() {
        Http.Reply r = Http.get(
                app.uri("/vars"),
                "X-Pagent-Session-Id",
                "s-a",
                "X-Pagent-User-Id",
                "u-a",
                "X-Pagent-Visit-Id",
                "v-a",
                "X-Pagent-Conversion-Id",
                GOAL);

        assertThat(r.get("attributes")).isEqualTo(ATTRIBUTE);
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void theJsonQueryParameterIsReadOnlyWhenAsked() {
        Http.Reply r = call("/vars", map(), map("_pgnt", A.toJson()), map());

        assertThat(r.get("attributes")).isEmpty();
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void theIndividualQueryParametersAreReadOnlyWhenAsked() {
        Http.Reply r = call(
                "/vars",
                map(),
                map(
                        "_pgnt_session_id",
                        "s-a",
                        "_pgnt_user_id",
                        "u-a",
                        "_pgnt_visit_id",
                        "v-a",
                        "_pgnt_conversion_id",
                        GOAL),
                map());

        assertThat(r.get("attributes")).isEmpty();
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void theJsonFormFieldIsReadAfterTheHandlerParsedItsForm() {
        Http.Reply r = call("/vars", map(), map(), map("item", "book", "_pgnt", A.toJson()));

        assertThat(r.get("item")).isEqualTo("book");
        assertThat(r.get("attributes")).isEmpty();
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void theIndividualFormFieldsAreRead() {
        Http.Reply r = call(
                "/vars",
                map(),
                map(),
                map(
                        "item",
                        "book",
                        "_pgnt_session_id",
                        "s-a",
                        "_pgnt_user_id",
                        "u-a",
                        "_pgnt_visit_id",
                        "v-a",
                        "_pgnt_conversion_id",
                        GOAL));

        assertThat(r.get("item")).isEqualTo("book");
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    static Stream<Arguments> precedence() {
        Map<String, String> jsonHeader = map("X-Pagent-Variables", json("jh", "u"));
        Map<String, String> headers = map(
                "X-Pagent-Session-Id",
                "ih",
                "X-Pagent-User-Id",
                "u",
                "X-Pagent-Visit-Id",
                "v-ih",
                "X-Pagent-Conversion-Id",
                GOAL);
        Map<String, String> jsonParam = map("_pgnt", json("jp", "u"));
        Map<String, String> params = map(
                "_pgnt_session_id", "ip", "_pgnt_user_id", "u", "_pgnt_visit_id", "v-ip", "_pgnt_conversion_id", GOAL);
        Map<String, String> badJsonHeader = map("X-Pagent-Variables", "{\"session_id\":");
        Map<String, String> badHeaders =
                map("X-Pagent-Session-Id", "s", "X-Pagent-User-Id", "u", "X-Pagent-Conversion-Id", "nope");
        return Stream.of(
                Arguments.of(
                        "JSON header beats everything",
                        merge(jsonHeader, headers),
                        merge(jsonParam, params),
                        map(),
                        "jh"),
                Arguments.of("headers beat parameters", headers, merge(jsonParam, params), map(), "ih"),
                Arguments.of(
                        "JSON query parameter beats query parameters", map(), merge(jsonParam, params), map(), "jp"),
                Arguments.of("JSON form field beats form fields", map(), map(), merge(jsonParam, params), "jp"),
                Arguments.of("headers beat form fields", headers, map(), merge(jsonParam, params), "ih"),
                Arguments.of(
                        "an invalid JSON header gives way to headers",
                        merge(badJsonHeader, headers),
                        map(),
                        map(),
                        "ih"),
                Arguments.of(
                        "invalid headers give way to the JSON form field",
                        merge(badJsonHeader, badHeaders),
                        map(),
                        merge(jsonParam, params),
                        "jp"),
                Arguments.of("an invalid JSON field gives way to fields", map(), map("_pgnt", "[1,2]"), params, "ip"));
    }

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void theFirstValidCarrierWins(
            String name,
            Map<String, String> headers,
            Map<String, String> query,
            Map<String, String> form,
            String session) {
        Http.Reply r = call("/vars", headers, query, form);

        assertThat(r.status()).isEqualTo(200);
        assertThat(PagentVariables.fromJson(r.get("variables")).sessionId()).isEqualTo(session);
    }

    // ---- bodies the filter must not touch ----

    @Test
    void aJsonBodyReachesTheHandlerByteForByte() {
        byte[] body = ("{\"_pgnt\":" + Http.encode(A.toJson()) + ",\"item\":\"b\u00fccher \u20ac\"}")
                .getBytes(StandardCharsets.UTF_8);

        Http.Reply r = Http.post(
                app.uri("/raw?_pgnt_session_id=s-q&_pgnt_user_id=u-q"),
                "application/json",
                body,
                "X-Pagent-Variables",
                A.toJson());

        assertThat(Base64.getDecoder().decode(r.get("body"))).isEqualTo(body);
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void aJsonBodyIsIntactWhenTheQueryCarriesTheVariables() {
        byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);

        Http.Reply r = Http.post(app.uri("/raw?_pgnt=" + Http.encode(A.toJson())), "application/json", body);

        assertThat(Base64.getDecoder().decode(r.get("body"))).isEqualTo(body);
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    static final String BOUNDARY = "----pagent7MA4YWxkTrZu0gW";

    static byte[] multipart() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        String head =
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"_pgnt\"\r\n\r\n" + A.toJson() + "\r\n--"
                        + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + binary.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(binary, 0, all, h.length, binary.length);
        System.arraycopy(t, 0, all, h.length + binary.length, t.length);
        return all;
    }

    @Test
    void aMultipartBodyReachesTheHandlerByteForByteAndIsNeverRead() {
        byte[] body = multipart();

        Http.Reply r = Http.post(app.uri("/raw"), "multipart/form-data; boundary=" + BOUNDARY, body);

        assertThat(Base64.getDecoder().decode(r.get("body"))).isEqualTo(body);
        assertThat(r.get("variables")).as("a multipart body is not a carrier").isEqualTo("none");
    }

    @Test
    void multipartPartsStillParseAfterTheFilter() {
        byte[] body = multipart();

        Http.Reply r = Http.post(
                app.uri("/parts?_pgnt_session_id=s-q&_pgnt_user_id=u-q"),
                "multipart/form-data; boundary=" + BOUNDARY,
                body,
                "X-Pagent-Variables",
                A.toJson());

        assertThat(new String(Base64.getDecoder().decode(r.get("part._pgnt")), StandardCharsets.UTF_8))
                .isEqualTo(A.toJson());
        assertThat(Base64.getDecoder().decode(r.get("part.file")))
                .hasSize(256)
                .startsWith(0, 1, 2)
                .endsWith((byte) 255);
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void multipartQueryParametersAreReadWithoutTouchingTheParts() {
        Http.Reply r = Http.post(
                app.uri("/parts?_pgnt_session_id=s-q&_pgnt_user_id=u-q"),
                "multipart/form-data; boundary=" + BOUNDARY,
                multipart());

        assertThat(r.get("part.file")).isNotEmpty();
        assertThat(PagentVariables.fromJson(r.get("variables")).sessionId()).isEqualTo("s-q");
    }

    @Test
    void aFormBodyIsLeftForTheHandlerToRead() {
        String form = Http.form(map("item", "book", "_pgnt", A.toJson()));

        Http.Reply r = Http.post(
                app.uri("/raw"),
                "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8),
                "X-Pagent-Session-Id",
                "s-h",
                "X-Pagent-User-Id",
                "u-h");

        assertThat(new String(Base64.getDecoder().decode(r.get("body")), StandardCharsets.UTF_8))
                .isEqualTo(form);
        assertThat(PagentVariables.fromJson(r.get("variables")).sessionId()).isEqualTo("s-h");
    }

    // ---- async and forward ----

    @Test
    void anAsyncHandlerGetsTheVariablesOnItsOwnThread() {
        Http.Reply fromHeader = Http.get(app.uri("/async"), "X-Pagent-Variables", A.toJson());
        Http.Reply fromQuery = call("/async", map(), map("_pgnt", A.toJson()), map());

        assertThat(fromHeader.get("variables")).isEqualTo(A.toJson());
        assertThat(fromQuery.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void anAsyncDispatchKeepsTheVariables() {
        Http.Reply r = Http.get(app.uri("/async?dispatch"), "X-Pagent-Variables", A.toJson());

        assertThat(r.get("dispatch")).isEqualTo("ASYNC");
        assertThat(r.get("attributes")).isEqualTo(ATTRIBUTE);
        assertThat(r.get("variables")).isEqualTo(A.toJson());
    }

    @Test
    void aForwardKeepsTheVariablesAndCountsTheRequestOnce() {
        long before = filter.stats().resolved();

        Http.Reply fromHeader = Http.get(app.uri("/forward"), "X-Pagent-Variables", A.toJson());
        Http.Reply fromQuery = call("/forward", map(), map("_pgnt", A.toJson()), map());

        assertThat(fromHeader.get("dispatch")).isEqualTo("FORWARD");
        assertThat(fromHeader.get("variables")).isEqualTo(A.toJson());
        assertThat(fromQuery.get("variables")).isEqualTo(A.toJson());
        assertThat(filter.stats().resolved() - before).isEqualTo(2);
    }

    // ---- bad input ----

    static Stream<Arguments> badInputs() {
        String padding = "x".repeat(PagentVariables.MAX_JSON_LENGTH);
        String oversized = "{\"session_id\":\"s\",\"user_id\":\"u\",\"pad\":\"" + padding + "\"}";
        String crlfJson = "{\"session_id\":\"s\\r\\nSet-Cookie: evil=1\",\"user_id\":\"u\"}";
        String longId = "s".repeat(300);
        return Stream.of(
                Arguments.of(
                        "malformed JSON header", map("X-Pagent-Variables", "{\"session_id\":\"s\","), map(), map()),
                Arguments.of("JSON header that is an array", map("X-Pagent-Variables", "[\"s\",\"u\"]"), map(), map()),
                Arguments.of("oversized JSON header", map("X-Pagent-Variables", oversized), map(), map()),
                Arguments.of("escaped CR LF in a JSON id", map("X-Pagent-Variables", crlfJson), map(), map()),
                Arguments.of(
                        "non-UUID conversion id header",
                        map("X-Pagent-Session-Id", "s", "X-Pagent-User-Id", "u", "X-Pagent-Conversion-Id", "123"),
                        map(),
                        map()),
                Arguments.of("header without user id", map("X-Pagent-Session-Id", "s"), map(), map()),
                Arguments.of(
                        "id longer than 256",
                        map("X-Pagent-Session-Id", longId, "X-Pagent-User-Id", "u"),
                        map(),
                        map()),
                Arguments.of(
                        "encoded CR LF in a query id",
                        map(),
                        map("_pgnt_session_id", "s\r\nSet-Cookie: evil=1", "_pgnt_user_id", "u"),
                        map()),
                Arguments.of(
                        "NUL in a form id", map(), map(), map("_pgnt_session_id", "s\u0000", "_pgnt_user_id", "u")),
                Arguments.of("oversized JSON form field", map(), map(), map("_pgnt", oversized)),
                Arguments.of("malformed JSON query parameter", map(), map("_pgnt", "{{{"), map()),
                Arguments.of(
                        "non-UUID conversion id in JSON",
                        map(),
                        map("_pgnt", "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"x\"}"),
                        map()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsIgnoredCountedAndTheRequestProceeds(
            String name, Map<String, String> headers, Map<String, String> query, Map<String, String> form) {
        long rejectedBefore = filter.stats().rejected();

        Http.Reply r = call("/vars", headers, query, form);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("variables")).isEqualTo("none");
        assertThat(r.header("Set-Cookie")).isEmpty();
        assertThat(filter.stats().rejected()).isGreaterThan(rejectedBefore);
    }

    @Test
    void oversizedJsonIsCountedAsSuch() {
        long before = filter.stats().oversized();

        Http.get(app.uri("/vars"), "X-Pagent-Variables", "{\"a\":\"" + "x".repeat(3000) + "\"}");

        assertThat(filter.stats().oversized()).isEqualTo(before + 1);
    }

    @Test
    void brokenPercentEncodingNeverFailsTheRequest() {
        String query = Http.raw(
                app.port(),
                ("GET " + app.contextPath() + "/vars?_pgnt=%zz&_pgnt_session_id=%E0%A4%A HTTP/1.1\r\n"
                                + "Host: localhost")
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]);
        String form = Http.raw(
                app.port(),
                ("POST " + app.contextPath() + "/vars/noitem HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/x-www-form-urlencoded")
                        .getBytes(StandardCharsets.ISO_8859_1),
                "_pgnt=%zz&_pgnt_session_id=%&_pgnt_user_id=u".getBytes(StandardCharsets.ISO_8859_1));

        for (String response : new String[] {query, form}) {
            int status = Http.rawStatus(response);
            assertThat(status).as(response).isIn(200, 400);
            if (status == 200) {
                assertThat(Http.rawValues(response).get("variables")).isEqualTo("none");
            }
        }
    }

    @Test
    void controlCharactersInHeaderValuesNeverPopulate() {
        String response = Http.raw(
                app.port(),
                ("GET " + app.contextPath()
                                + "/vars HTTP/1.1\r\nHost: localhost\r\nX-Pagent-Session-Id: s\u0001\u001b[2J\r\n"
                                + "X-Pagent-User-Id: u\u007f")
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]);

        int status = Http.rawStatus(response);
        assertThat(status).as(response).isIn(200, 400);
        if (status == 200) {
            assertThat(Http.rawValues(response).get("variables")).isEqualTo("none");
        }
    }

    @Test
    void anEmptyHiddenFieldIsNotCountedAsInvalid() {
        long before = filter.stats().rejected();

        Http.Reply r = call("/vars", map(), map(), map("item", "book", "_pgnt", ""));

        assertThat(r.get("variables")).isEqualTo("none");
        assertThat(filter.stats().rejected()).isEqualTo(before);
    }

    // ---- the browser helper ----

    @Test
    void servesTheForwardScriptCacheably() {
        Http.Reply r = Http.get(app.uri("/_pagent/forward.js"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(r.header("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("max-age="));
        assertThat(r.header("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[A-Za-z0-9_-]+\""));
        assertThat(r.body())
                .contains("var HEADER = \"X-Pagent-Variables\";")
                .contains("var FIELD = \"_pgnt\";")
                .contains("window.pagentForward");
    }

    @Test
    void answersNotModifiedWhenTheBrowsersCopyIsCurrent() {
        String etag = Http.get(app.uri("/_pagent/forward.js")).header("ETag").orElseThrow();

        Http.Reply r = Http.get(app.uri("/_pagent/forward.js"), "If-None-Match", etag);

        assertThat(r.status()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void theScriptAnswersHeadButNotPost() {
        Http.Reply head = Http.send(Http.request(app.uri("/_pagent/forward.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        Http.Reply post = Http.post(app.uri("/_pagent/forward.js"), "text/plain", new byte[0]);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(post.status()).isEqualTo(405);
    }

    // ---- configuration ----

    @Test
    void initParametersRenameTheCarriersAndMoveTheScript() {
        TestApp declared = new TestApp(ctx -> {
            var registration = ctx.addFilter("declared", PagentFilter.class);
            registration.setInitParameter("variables.json-header", "X-Shop-Vars");
            registration.setInitParameter("variables.json-parameter", "shop_vars");
            registration.setInitParameter("script-path", "/assets/pgnt.js");
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(null, false, "/*");
        });
        try (WebApp custom = start(declared)) {
            assertThat(Http.get(custom.uri("/vars"), "X-Pagent-Variables", A.toJson())
                            .get("variables"))
                    .isEqualTo("none");
            assertThat(Http.get(custom.uri("/vars"), "X-Shop-Vars", A.toJson()).get("variables"))
                    .isEqualTo(A.toJson());
            assertThat(Http.get(custom.uri("/vars?shop_vars=" + Http.encode(A.toJson())))
                            .get("variables"))
                    .isEqualTo(A.toJson());
            assertThat(Http.get(custom.uri("/assets/pgnt.js")).body()).contains("\"X-Shop-Vars\"", "\"shop_vars\"");
            assertThat(Http.get(custom.uri("/_pagent/forward.js")).status()).isEqualTo(404);
        }
    }

    @Test
    void urlPatternsChooseWhatIsExaminedUpFront() {
        PagentFilter limited = PagentFilter.builder().urlPatterns("/vars/*").build();
        try (WebApp custom = start(TestApp.with(limited))) {
            Http.Reply inside = Http.get(custom.uri("/vars"), "X-Pagent-Variables", A.toJson());
            Http.Reply outside = Http.get(custom.uri("/other"), "X-Pagent-Variables", A.toJson());

            assertThat(inside.get("attributes")).isEqualTo(ATTRIBUTE);
            assertThat(outside.get("attributes")).isEmpty();
            assertThat(outside.get("variables")).as("still resolved on demand").isEqualTo(A.toJson());
            assertThat(Http.get(custom.uri("/_pagent/forward.js")).status()).isEqualTo(200);
        }
    }

    @Test
    void theScriptCanBeTurnedOff() {
        try (WebApp custom =
                start(TestApp.with(PagentFilter.builder().serveScript(false).build()))) {
            assertThat(Http.get(custom.uri("/_pagent/forward.js")).status()).isEqualTo(404);
            assertThat(Http.get(custom.uri("/vars"), "X-Pagent-Variables", A.toJson())
                            .get("variables"))
                    .isEqualTo(A.toJson());
        }
    }
}
