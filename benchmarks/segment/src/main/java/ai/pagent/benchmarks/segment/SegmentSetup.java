package ai.pagent.benchmarks.segment;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.Workload;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.TrackMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * Segment's analytics-java as an application would set it up, pointed at the counting ingest. Two
 * departures from its defaults, both neutral to what is measured: {@code TCP_NODELAY} sockets (else
 * loopback measures Nagle's delayed ACK, see README), and daemon threads with a network executor we
 * can stop (the same single thread as Segment's default), so that a stalled ingest cannot keep a
 * benchmark JVM alive.
 */
final class SegmentSetup {
    final OkHttpClient http;
    final ExecutorService network;
    final Analytics analytics;

    SegmentSetup(CountingIngest ingest, boolean defaults, Duration readTimeout) {
        http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySockets())
                .connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .build();
        network = Executors.newSingleThreadExecutor(DAEMONS);
        Analytics.Builder b = Analytics.builder("bench-write-key")
                .endpoint(ingest.endpoint().toString())
                .client(http)
                .networkExecutor(network)
                .threadFactory(DAEMONS);
        if (!defaults) {
            b.flushQueueSize(100); // the workload's batch size
        }
        analytics = b.build();
    }

    /** The workload's event, through Segment's API. */
    static TrackMessage.Builder event(String sessionId, String userId) {
        return TrackMessage.builder(Workload.LABEL)
                .anonymousId(sessionId)
                .userId(userId)
                .properties(Map.of(
                        "conversion_id",
                        Workload.GOAL_ID,
                        "revenue",
                        Workload.REVENUE_CENTS / 100.0,
                        Workload.PLAN_KEY,
                        Workload.PLAN));
    }

    /** Stops Segment without waiting for stalled uploads. */
    void close() {
        http.dispatcher().cancelAll();
        network.shutdownNow();
        analytics.shutdown();
        http.dispatcher().cancelAll();
        network.shutdownNow();
    }

    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "segment-bench");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY); // as Segment's own factory does
        return t;
    };

    /** Plain sockets with {@code TCP_NODELAY}. */
    static final class NoDelaySockets extends SocketFactory {
        private final SocketFactory delegate = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
