package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagentServerFilterTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("micronaut.server.port", "-1", "pagent.dry-run", "true");
    }

    private Http http() {
        return new Http(server.getURI());
    }

    @Test
    void readsTheJsonHeader() {
        assertThat(http().get("/shop/variables", "X-Pagent-Variables", Http.variablesJson("h-1"))
                        .body())
                .isEqualTo("h-1");
    }

    @Test
    void readsTheSingleValueHeaders() {
        assertThat(http().get(
                                "/shop/variables",
                                "X-Pagent-Session-Id",
                                "h-2",
                                "X-Pagent-User-Id",
                                "u-2",
                                "X-Pagent-Conversion-Id",
                                Http.CONVERSION_ID)
                        .body())
                .isEqualTo("h-2");
    }

    @Test
    void readsTheQueryString() {
        String q = URLEncoder.encode(Http.variablesJson("q-1"), StandardCharsets.UTF_8);
        assertThat(http().get("/shop/variables?_pgnt=" + q).body()).isEqualTo("q-1");
    }

    @Test
    void theHeaderWinsOverTheQuery() {
        String q = URLEncoder.encode(Http.variablesJson("q-2"), StandardCharsets.UTF_8);
        assertThat(http().get("/shop/variables?_pgnt=" + q, "X-Pagent-Variables", Http.variablesJson("h-3"))
                        .body())
                .isEqualTo("h-3");
    }

    @Test
    void ignoresMalformedCarriers() {
        HttpResponse<String> response =
                http().get("/shop/variables?_pgnt=%7Bnot-json", "X-Pagent-Variables", "{\"session_id\":\"\\u0001\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("none");
    }

    @Test
    void neverReadsAJsonBody() {
        HttpResponse<String> response = http().postJson("/shop/json", "{\"_pgnt\":" + Http.variablesJson("j-1") + "}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[_pgnt]:none");
    }

    @Test
    void servesTheForwardScript() {
        HttpResponse<String> response = http().get("/_pagent/forward.js");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(response.body()).contains("\"X-Pagent-Variables\"").contains("\"_pgnt\"");
        assertThat(response.body()).doesNotContain("__PAGENT_HEADER__");
        String etag = response.headers().firstValue("ETag").orElseThrow();

        assertThat(http().get("/_pagent/forward.js", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
        HttpResponse<String> head = http().method("HEAD", "/_pagent/forward.js");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = http().method("POST", "/_pagent/forward.js");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
