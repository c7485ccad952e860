package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.TransportException;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HttpTransport#close()} cancels the requests under way (close() must not wait for a server
 * that never answers), and a request that got no answer says why, without the key.
 */
class HttpTransportCancelTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    @Test
    void closeCancelsARequestWaitingForAnAnswer() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread silent = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[8192]);
                    received.countDown();
                    in.readAllBytes(); // never answers; ends when the client closes the connection
                } catch (IOException e) {
                    // the client went away: what the test wants
                }
            });
            silent.setDaemon(true);
            silent.start();
            HttpTransport t = new HttpTransport(
                    HttpTransport.defaultClient(Duration.ofSeconds(30), Duration.ofSeconds(30)),
                    true,
                    HttpUrl.get("http://127.0.0.1:" + server.getLocalPort() + "/v1/conversions"),
                    ApiKey.of("key"),
                    Clock.systemUTC());
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    t.send(List.of(TestConversions.event(1)));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(received.await(30, TimeUnit.SECONDS)).isTrue();

            t.close();

            // Within the test's patience, far below the 30 s the read would otherwise wait.
            assertThat(outcome.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("no answer from pagent at http://127.0.0.1:" + server.getLocalPort());
        }
    }

    @Test
    void saysWhyNoAnswerCameWithoutTheKey() {
        String key = ingest.apiKey();
        ingest.dropConnectionNext(1);
        HttpTransport t = new HttpTransport(
                HttpTransport.defaultClient(Duration.ofSeconds(30), Duration.ofSeconds(30)),
                true,
                HttpTransport.conversionsUrl(HttpUrl.get(ingest.endpoint())),
                ApiKey.of(key),
                Clock.systemUTC());
        try {
            assertThatThrownBy(() -> t.send(List.of(TestConversions.event(1))))
                    .isInstanceOf(TransportException.class)
                    // where (without the path), then the IOException's class and what it said
                    .hasMessageMatching(
                            "no answer from pagent at " + ingest.endpoint() + "/\\.\\.\\.: [A-Za-z]*Exception \\(.+\\)")
                    .hasMessageNotContaining(key);
        } finally {
            t.close();
        }
    }
}
