package ai.pagent.benchmarks.segment;

import ai.pagent.benchmarks.harness.CountingIngest;
import ai.pagent.benchmarks.harness.NoDelaySockets;
import ai.pagent.benchmarks.harness.Workload;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.TrackMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
        this(ingest.endpoint(), defaults, readTimeout);
    }

    SegmentSetup(URI endpoint, boolean defaults, Duration readTimeout) {
        http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySockets())
                .connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .build();
        network = Executors.newSingleThreadExecutor(DAEMONS);
        Analytics.Builder b = Analytics.builder("bench-write-key")
                .endpoint(endpoint.toString())
                .client(http)
                .networkExecutor(network)
                .threadFactory(DAEMONS);
        if (!defaults) {
            b.flushQueueSize(100); // the workload's batch size
        }
        analytics = b.build();
    }

    /** The workload's {@code i}-th event, through Segment's API. */
    static TrackMessage.Builder event(int i, String sessionId, String userId) {
        return TrackMessage.builder(Workload.LABEL)
                .anonymousId(sessionId)
                .userId(userId)
                .properties(Map.of(
                        "conversion_id",
                        Workload.GOAL_ID,
                        "revenue",
                        Workload.REVENUE_CENTS / 100.0,
                        Workload.PLAN_KEY,
                        Workload.PLAN,
                        Workload.QUANTITY_KEY,
                        Workload.quantity(i),
                        Workload.COUPON_KEY,
                        Workload.coupon(i),
                        Workload.PRICE_KEY,
                        Workload.price(i)));
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
}
