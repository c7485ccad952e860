package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.InvalidRequestException;
import ai.pagent.PagentException;
import ai.pagent.TransportException;
import ai.pagent.UnauthorizedException;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HttpTransport}: how answers map to exceptions, bounds on a call, and what close() releases. */
class HttpTransportTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    private HttpTransport transport(OkHttpClient http, boolean owns, ApiKey key) {
        return new HttpTransport(
                http, owns, HttpTransport.conversionsUrl(HttpUrl.get(ingest.endpoint())), key, Clock.systemUTC());
    }

    private HttpTransport transport() {
        return transport(
                HttpTransport.defaultClient(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                true,
                ApiKey.of(ingest.apiKey()));
    }

    @Test
    void mapsAForbiddenKeyToUnauthorizedExceptionWith403() {
        ingest.failNext(403, 1);
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                .isInstanceOf(UnauthorizedException.class)
                .extracting(e -> ((PagentException) e).statusCode())
                .isEqualTo(403);
        t.close();
    }

    @Test
    void mapsTooLargeToInvalidRequestExceptionWith413() {
        ingest.failNext(413, 1);
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((PagentException) e).statusCode())
                .isEqualTo(413);
        t.close();
    }

    @Test
    void namesTheUrlWhenItIsNotFound() {
        ingest.failNext(404, 1);
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                .isExactlyInstanceOf(PagentException.class)
                .hasMessageContaining(ingest.endpoint() + "/v1/conversions")
                .extracting(e -> ((PagentException) e).statusCode())
                .isEqualTo(404);
        t.close();
    }

    @Test
    void reportsAThrowingKeySupplierAsAMissingKeyWithoutARequest() {
        HttpTransport t = transport(
                HttpTransport.defaultClient(Duration.ofSeconds(5), Duration.ofSeconds(5)), true, ApiKey.from(() -> {
                    throw new IllegalStateException("secret-in-message");
                }));
        assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                .isInstanceOf(ApiKeyUnavailableException.class)
                .hasMessageContaining("apiKey supplier threw java.lang.IllegalStateException")
                .hasMessageNotContaining("secret-in-message")
                .hasNoCause();
        assertThat(ingest.requests()).isEmpty();
        t.close();
    }

    @Test
    void evictsItsOwnConnectionPoolOnClose() {
        OkHttpClient http = HttpTransport.defaultClient(Duration.ofSeconds(5), Duration.ofSeconds(5));
        HttpTransport t = transport(http, true, ApiKey.of(ingest.apiKey()));
        t.send(List.of(TestConversions.event(1)));
        assertThat(http.connectionPool().connectionCount()).isEqualTo(1);

        t.close();

        assertThat(http.connectionPool().connectionCount()).isZero();
    }

    @Test
    void leavesASharedConnectionPoolAlone() {
        OkHttpClient shared = new OkHttpClient();
        HttpTransport t = transport(
                HttpTransport.derivedClient(shared, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                false,
                ApiKey.of(ingest.apiKey()));
        t.send(List.of(TestConversions.event(1)));

        t.close();

        assertThat(shared.connectionPool().connectionCount()).isEqualTo(1);
        shared.connectionPool().evictAll();
    }

    @Test
    void boundsACallToAServerThatDripsItsAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dripper = new Thread(() -> drip(server));
            dripper.setDaemon(true);
            dripper.start();
            Duration read = Duration.ofMillis(300);
            OkHttpClient http = HttpTransport.defaultClient(Duration.ofMillis(300), read);
            HttpTransport t = new HttpTransport(
                    http,
                    true,
                    HttpUrl.get("http://127.0.0.1:" + server.getLocalPort() + "/v1/conversions"),
                    ApiKey.of("key"),
                    Clock.systemUTC());
            long started = System.nanoTime();

            // Each byte comes within the read timeout, so only the bound on the whole call ends it.
            assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1)))).isInstanceOf(TransportException.class);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(http.callTimeoutMillis()).isEqualTo(900);
            t.close();
        }
    }

    @Test
    void derivedClientsAreBoundedToo() {
        OkHttpClient derived =
                HttpTransport.derivedClient(new OkHttpClient(), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(derived.callTimeoutMillis()).isEqualTo(5_000);
        assertThat(derived.readTimeoutMillis()).isEqualTo(2_000);
        assertThat(derived.connectTimeoutMillis()).isEqualTo(1_000);
        assertThat(derived.retryOnConnectionFailure()).isFalse();
        assertThat(derived.followRedirects()).isFalse();
    }

    /** Reads a request, then answers 200 with a long body one byte every 100 ms. */
    private static void drip(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            in.read(buf); // enough of the request to answer it
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 100_000; i++) {
                out.write(' ');
                out.flush();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: what the test wants
        }
    }
}
