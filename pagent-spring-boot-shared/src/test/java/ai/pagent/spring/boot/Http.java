package ai.pagent.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the embedded servers of the tests. */
public final class Http {
    public static final String SESSION = "sess-1";
    public static final String USER = "user-1";
    public static final String GOAL_ID = "7d3f0c2e-1c1a-4b8e-9d2f-0a1b2c3d4e5f";
    public static final String VARIABLES_JSON = "{\"session_id\":\"" + SESSION + "\",\"user_id\":\"" + USER
            + "\",\"visit_id\":\"visit-1\",\"conversion_id\":\"" + GOAL_ID + "\"}";

    private static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int port;

    public Http(int port) {
        this.port = port;
    }

    /** POSTs a JSON body with the variables in the {@code X-Pagent-Variables} header. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("X-Pagent-Variables", VARIABLES_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** POSTs a JSON body without any pagent variables. */
    public HttpResponse<String> postJsonWithoutVariables(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** POSTs a JSON body with one extra header (e.g. a malformed carrier). */
    public HttpResponse<String> postJsonWithHeader(String path, String json, String name, String value) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header(name, value)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** POSTs a form whose fields are given already encoded. */
    public HttpResponse<String> postForm(String path, String form) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String formVariables() {
        return "_pgnt=" + java.net.URLEncoder.encode(VARIABLES_JSON, java.nio.charset.StandardCharsets.UTF_8);
    }
}
