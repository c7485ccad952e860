package ai.pagent;

import static ai.pagent.DeliveryFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@link PagentClient} holds and gives back: its shutdown hook, its connection pool (and not
 * a shared one), and the answers of {@code track}, {@code flush} and {@code send} about its state.
 */
class ClientResourcesTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    @RegisterExtension
    final DeliveryFixture delivery = new DeliveryFixture(ingestExtension);

    private final FakeIngest ingest = delivery.ingest();

    @Test
    void trackSaysWhetherTheEventWasQueued() {
        PagentClient client = delivery.start(delivery.fastClient());
        assertThat(client.track(TestEvents.event(0))).isTrue();
        client.close();

        assertThat(client.track(TestEvents.event(1))).isFalse();
        assertThat(client.stats().dropped(DropReason.CLOSED)).isEqualTo(1);
    }

    @Test
    void flushIsFalseWhileEventsCannotBeDeliveredAndTrueOnceTheyAre() {
        ingest.outage(503);
        PagentClient client = delivery.start(delivery.fastClient().maxAttempts(100));
        DeliveryFixture.trackAll(client, TestEvents.events(0, 3));

        assertThat(client.flush(Duration.ofMillis(300))).isFalse();

        ingest.endOutage();
        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(3);
    }

    @Test
    void keepsTrackedEventsInTheSpoolDirectoryWhenOneIsGiven(@TempDir Path spool) throws IOException {
        PagentClient client = delivery.start(
                delivery.fastClient().flushInterval(Duration.ofMinutes(1)).spool(spool));
        client.track(TestEvents.event(0));

        await().atMost(WAIT).until(() -> bytesIn(spool) > 0);

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(client.stats().accepted()).isEqualTo(1);
    }

    private static long bytesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    @Test
    void sendsARequestOfExactlyOneHundredEvents() {
        try (PagentClient client = delivery.fastClient().build()) {
            assertThat(client.send(TestEvents.events(0, 100)).accepted()).isEqualTo(100);
        }
    }

    @Test
    void registersOneShutdownHookWithTheJvmAndRemovesItOnClose() {
        PagentClient client = delivery.fastClient().build().registerShutdownHook();
        Thread hook = client.shutdownHook();
        assertThat(hook).isNotNull();
        assertThat(client.registerShutdownHook().shutdownHook()).isSameAs(hook);
        // Registered with the JVM: removing it succeeds (then it goes back, for close() to remove).
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
        Runtime.getRuntime().addShutdownHook(hook);

        hook.run(); // what the JVM does at exit, on this thread

        assertThat(client.stats().state()).isEqualTo(PagentStats.State.CLOSED);
        assertThat(client.shutdownHook()).isNull();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
    }

    @Test
    void closeReleasesTheConnectionsOfItsOwnPool() throws Exception {
        try (KeepAliveServer server = new KeepAliveServer()) {
            PagentClient client = PagentClient.builder()
                    .apiKey("k")
                    .endpoint(server.endpoint())
                    .build();
            assertThat(client.send(TestEvents.events(0, 1)).accepted()).isEqualTo(1);
            assertThat(server.clientClosed).isNotDone(); // kept alive in the pool

            client.close();

            assertThat(server.clientClosed.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    @Test
    void closeLeavesTheConnectionsOfASharedClientAlone() throws Exception {
        OkHttpClient shared = new OkHttpClient();
        try (KeepAliveServer server = new KeepAliveServer()) {
            PagentClient client = PagentClient.builder()
                    .apiKey("k")
                    .endpoint(server.endpoint())
                    .httpClient(shared)
                    .build();
            assertThat(client.send(TestEvents.events(0, 1)).accepted()).isEqualTo(1);

            client.close();

            assertThat(shared.connectionPool().connectionCount()).isEqualTo(1);
            assertThat(server.clientClosed).isNotDone();
            shared.connectionPool().evictAll(); // its owner's call
            assertThat(server.clientClosed.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    /** Answers one request with 200 on a kept-alive connection, then tells when the client closes it. */
    static final class KeepAliveServer implements AutoCloseable {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        private final ServerSocket socket;

        KeepAliveServer() throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::serve, "keep-alive-server");
            t.setDaemon(true);
            t.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void serve() {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                readRequest(in);
                byte[] body = "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n";
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
                clientClosed.complete(in.read() == -1);
            } catch (IOException e) {
                clientClosed.completeExceptionally(e);
            }
        }

        /** Reads the head and the Content-Length bytes of body. */
        static void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the client closed before its request was complete");
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
