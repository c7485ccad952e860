package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.PagentException;
import ai.pagent.SendResult;
import ai.pagent.ServerErrorException;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HttpTransport} at the edges of its status classes: only 2xx is an acceptance, 5xx a server
 * error; answers a real pagent never gives (299, 300, 204, an HTML error page) come from a canned
 * server on loopback.
 */
class HttpTransportAnswersTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    private static HttpTransport transport(HttpUrl url) {
        // Generous: a cold JVM on a busy machine can take seconds for its first request.
        return new HttpTransport(
                HttpTransport.defaultClient(Duration.ofSeconds(30), Duration.ofSeconds(30)),
                true,
                url,
                ApiKey.of("key"),
                Clock.systemUTC());
    }

    private HttpTransport ingestTransport() {
        return transport(HttpTransport.conversionsUrl(HttpUrl.get(ingest.endpoint())));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 599})
    void mapsEvery5xxToServerErrorException(int status) {
        ingest.failNext(status, 1);
        HttpTransport t = ingestTransport();
        assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                .isInstanceOf(ServerErrorException.class)
                .extracting(e -> ((PagentException) e).statusCode())
                .isEqualTo(status);
        t.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {405, 408, 422, 499})
    void mapsOther4xxToAPlainPagentExceptionWithItsStatus(int status) {
        ingest.failNext(status, 1);
        HttpTransport t = ingestTransport();
        assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                .isExactlyInstanceOf(PagentException.class)
                .hasMessageContaining("pagent answered " + status + ": ")
                .extracting(e -> ((PagentException) e).statusCode())
                .isEqualTo(status);
        t.close();
    }

    /** Sends two events to a server that answers {@code status} with {@code body}. */
    private static SendResult sendTwoTo(String status, String body) throws IOException {
        try (CannedServer server = new CannedServer(status, body)) {
            HttpTransport t = transport(server.url());
            try {
                return t.send(List.of(TestConversions.event(1), TestConversions.event(2)));
            } finally {
                t.close();
            }
        }
    }

    @Test
    void takesA299AsAnAcceptanceWithItsCount() throws Exception {
        SendResult result = sendTwoTo("299 Fine", "{\"accepted\":1}");

        assertThat(result.sent()).isEqualTo(2);
        assertThat(result.accepted()).isEqualTo(1);
    }

    @Test
    void takesAnAcceptanceWithoutACountAsAllAccepted() throws Exception {
        SendResult result = sendTwoTo("200 OK", "");

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.partial()).isFalse();
    }

    @Test
    void takesA300AsAFailureNotAnAcceptance() {
        assertThatThrownBy(() -> sendTwoTo("300 Multiple Choices", "{\"accepted\":1}"))
                .isExactlyInstanceOf(PagentException.class)
                .extracting(e -> ((PagentException) e).statusCode())
                .isEqualTo(300);
    }

    @Test
    void saysSoWhenAnErrorCarriesNoMessage() {
        assertThatThrownBy(() -> sendTwoTo("502 Bad Gateway", "<html>nginx</html>"))
                .isInstanceOf(ServerErrorException.class)
                .hasMessage("pagent answered 502 without an error message");
    }

    @Test
    void leavesEvenAnImmediateRetryOfAServerErrorToTheSender() throws Exception {
        // OkHttp resends a request answered 503 with Retry-After: 0 unless its body is one-shot: our
        // retries are counted and backed off, and a batch body is encoded once per attempt.
        try (CannedServer server = new CannedServer("503 Service Unavailable", "Retry-After: 0\r\n", "{}")) {
            HttpTransport t = transport(server.url());
            try {
                assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                        .isInstanceOf(ServerErrorException.class);
            } finally {
                t.close();
            }
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    /** Answers every request with a fixed status, extra header lines and JSON body, until closed. */
    private static final class CannedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();

        CannedServer(String status, String body) throws IOException {
            this(status, "", body);
        }

        /** {@code headers}: lines such as {@code "Retry-After: 0\r\n"}. */
        CannedServer(String status, String headers, String body) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> answer(status, headers, body), "canned-server");
            t.setDaemon(true);
            t.start();
        }

        HttpUrl url() {
            return HttpUrl.get("http://127.0.0.1:" + socket.getLocalPort() + "/v1/conversions");
        }

        /** The requests answered so far. */
        int requests() {
            return requests.get();
        }

        private void answer(String status, String headers, String body) {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    readRequest(s.getInputStream());
                    requests.incrementAndGet();
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    String head = "HTTP/1.1 " + status + "\r\n" + headers
                            + "Content-Type: application/json\r\nContent-Length: " + bytes.length
                            + "\r\nConnection: close\r\n\r\n";
                    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the test failed elsewhere, or closed the server
                }
            }
        }

        /** Reads the head and the Content-Length bytes of body, so the client's write completes. */
        private static void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(
                            line.substring("content-length:".length()).trim());
                }
            }
            in.readNBytes(length);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
