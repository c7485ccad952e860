package ai.pagent.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/** Plain HTTP requests for the tests: no pagent client anywhere. */
final class RawHttp {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RawHttp() {}

    /** A valid event whose conversion_id is {@code c-<n>}. */
    static String event(int n) {
        return "{\"session_id\":\"s-" + n + "\",\"user_id\":\"u-" + n + "\",\"conversion_id\":\"c-" + n + "\"}";
    }

    /** A body of {@code count} valid events numbered from {@code first}. */
    static String batch(int first, int count) {
        StringJoiner events = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = first; i < first + count; i++) {
            events.add(event(i));
        }
        return events.toString();
    }

    /** A body holding one event made of these fields. */
    static String oneEvent(String fields) {
        return "{\"events\":[{" + fields + "}]}";
    }

    static HttpResponse<String> post(FakeIngest ingest, String body) {
        return post(ingest, "Bearer " + ingest.apiKey(), body);
    }

    static HttpResponse<String> post(FakeIngest ingest, String authorization, String body) {
        return send(HttpRequest.newBuilder(ingest.conversionsUri())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code request} verbatim on a new socket and returns everything the server sent until
     * it closed the connection (send {@code Connection: close}).
     */
    static String exchange(FakeIngest ingest, String request) {
        try (Socket socket =
                new Socket(ingest.endpoint().getHost(), ingest.endpoint().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete HTTP/1.1 POST to the conversions path, with the given header lines. */
    static String rawPost(FakeIngest ingest, String headerLines, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + FakeIngest.CONVERSIONS_PATH + " HTTP/1.1\r\n"
                + "Host: " + hostPort(ingest.endpoint()) + "\r\n"
                + headerLines
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n"
                + body;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
