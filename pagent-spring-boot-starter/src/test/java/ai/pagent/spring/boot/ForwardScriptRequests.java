package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a running app for pagent-forward.js the way browsers do, and checks the answers. */
public final class ForwardScriptRequests {
    private static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public ForwardScriptRequests(int port) {
        this.port = port;
    }

    /** GET, a revalidation with the ETag, HEAD and POST of the script at {@code path}. */
    public void assertServedAt(String path, String header, String field) {
        HttpResponse<String> get = get(path);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(get.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(get.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(get.body()).contains("\"" + header + "\"").contains("\"" + field + "\"");
        String etag = get.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> revalidated =
                send(request(path).header("If-None-Match", etag).GET());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();

        HttpResponse<String> head = send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length"))
                .hasValue(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        HttpResponse<String> post = send(request(path).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow").orElseThrow())
                .contains("GET")
                .contains("HEAD");
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
