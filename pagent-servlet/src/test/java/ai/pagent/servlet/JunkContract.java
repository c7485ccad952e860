package ai.pagent.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random junk in every carrier, over real HTTP: the request always reaches the handler (200) and
 * never gets variables. {@link JettyJunkTest} and {@link TomcatJunkTest} run it on their container.
 */
abstract class JunkContract {
    static final PagentFilter FILTER = PagentFilter.builder().build();
    static WebApp app;

    @Property(tries = 150)
    void junkInTheJsonHeaderNeverPopulates(@ForAll("headerJunk") String junk) {
        Http.Reply r = Http.get(app.uri("/vars"), "X-Pagent-Variables", junk);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("variables")).isEqualTo("none");
    }

    @Property(tries = 150)
    void junkInTheIndividualHeadersNeverPopulates(
            @ForAll("headerJunk") String session, @ForAll("headerJunk") String user, @ForAll("notAUuid") String goal) {
        Http.Reply r = Http.get(
                app.uri("/vars"),
                "X-Pagent-Session-Id",
                session,
                "X-Pagent-User-Id",
                user,
                "X-Pagent-Conversion-Id",
                goal);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("variables")).isEqualTo("none");
    }

    @Property(tries = 150)
    void junkInQueryParametersNeverPopulates(
            @ForAll("anyJunk") String json, @ForAll("anyJunk") String session, @ForAll("notAUuid") String goal) {
        String query = Http.form(
                Map.of("_pgnt", json, "_pgnt_session_id", session, "_pgnt_user_id", "u", "_pgnt_conversion_id", goal));

        Http.Reply r = Http.get(app.uri("/vars?" + query));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("variables")).isEqualTo("none");
    }

    @Property(tries = 150)
    void junkInFormFieldsNeverPopulates(
            @ForAll("anyJunk") String json, @ForAll("anyJunk") String user, @ForAll("notAUuid") String goal) {
        Http.Reply r = Http.postForm(
                app.uri("/vars"),
                Map.of(
                        "item",
                        "book",
                        "_pgnt",
                        json,
                        "_pgnt_session_id",
                        "s",
                        "_pgnt_user_id",
                        user,
                        "_pgnt_conversion_id",
                        goal));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("item")).isEqualTo("book");
        assertThat(r.get("variables")).isEqualTo("none");
    }

    @Property(tries = 150)
    void rawJunkQueryStringsNeverFailTheRequest(@ForAll("rawQuery") String query) {
        String response = Http.raw(
                app.port(),
                ("GET " + app.contextPath() + "/vars/noitem?" + query + " HTTP/1.1\r\nHost: localhost")
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]);

        int status = Http.rawStatus(response);
        assertThat(status).as(response).isIn(200, 400);
        if (status == 200) {
            assertThat(Http.rawValues(response).get("variables")).isEqualTo("none");
        }
    }

    @Property(tries = 100)
    void rawJunkFormBodiesNeverFailTheRequest(@ForAll("rawQuery") String body) {
        String response = Http.raw(
                app.port(),
                ("POST " + app.contextPath() + "/vars/noitem HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/x-www-form-urlencoded")
                        .getBytes(StandardCharsets.ISO_8859_1),
                body.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(Http.rawStatus(response)).as(response).isEqualTo(200);
        assertThat(Http.rawValues(response).get("variables")).isEqualTo("none");
    }

    /** What java.net.http lets through in a header value: visible ASCII and inner spaces. */
    @Provide
    Arbitrary<String> headerJunk() {
        return Arbitraries.oneOf(
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .ofMinLength(1)
                                .ofMaxLength(300),
                        Arbitraries.strings()
                                .withChars("{}[]\":,\\0123nul_sio ")
                                .ofMinLength(1)
                                .ofMaxLength(80),
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(2100)
                                .ofMaxLength(4000))
                .map(String::strip)
                .filter(s -> !s.isEmpty() && !s.contains("user_id"));
    }

    /** Any text, controls and surrogates included; sent percent-encoded. */
    @Provide
    Arbitrary<String> anyJunk() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().all().ofMaxLength(200),
                        Arbitraries.strings()
                                .withChars("{}[]\":,\\\r\n\u0000%+&=")
                                .ofMaxLength(60))
                .filter(s -> !s.contains("user_id"));
    }

    @Provide
    Arbitrary<String> notAUuid() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(60)
                .filter(s -> {
                    try {
                        UUID.fromString(s);
                        return false;
                    } catch (IllegalArgumentException e) {
                        return true;
                    }
                });
    }

    /** Unencoded junk for a query string or form body: no spaces, no fragment. */
    @Provide
    Arbitrary<String> rawQuery() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(
                        "_pgnt",
                        "_pgnt_session_id",
                        "_pgnt_user_id",
                        "_pgnt_conversion_id",
                        "=",
                        "&",
                        "%",
                        "%zz",
                        "%0d%0a",
                        "%00",
                        "%E0%A4%A",
                        "%7B%22session_id%22",
                        "+",
                        "==",
                        "&&"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(10).map(s -> s.replace("#", "")));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }
}
