package ai.pagent.test;

import java.net.URI;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty shell of {@link FakeIngest}: one HTTP/1.1 connector on {@code 127.0.0.1} with
 * {@code TCP_NODELAY} and keep-alive, serving every request through an {@link IngestHandler}.
 */
final class IngestServer implements AutoCloseable {

    private final Server server;
    private final URI endpoint;

    IngestServer(int port, Responder responder, Recorder recorder, ConcurrencyGauge concurrency) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("fake-ingest");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // Jetty's header cache otherwise matches values ignoring case: "bearer k" after "Bearer k" on a
        // kept-alive connection would be seen as "Bearer k", and recorded headers would lie.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        // Nagle plus the client's delayed ACK would add ~40 ms to responses on loopback.
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.setHandler(new IngestHandler(responder, recorder, concurrency));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("FakeIngest could not start on 127.0.0.1:" + port, e);
        }
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    URI endpoint() {
        return endpoint;
    }

    /** Stops the server and closes its connections; pending answers are abandoned. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Closing a test server must not fail the test that used it.
        }
    }
}
