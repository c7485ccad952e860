package ai.pagent.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A loopback ingest that only counts: it answers every POST with 200
 * {@code {"accepted":N,"success":true}} (what pagent and Segment expect), where N is the number of
 * times {@code marker} occurs in the body, one per event of the SDK under test. The same server,
 * at the same cost per request, for every SDK.
 *
 * <p>{@link #stall(boolean) Stalled}, it reads nothing and answers nothing, so that clients keep
 * their events queued without any sending work: how the caller-cost and retained-heap benchmarks
 * keep background delivery off the two cores. {@code TCP_NODELAY} is on (see README: Nagle).
 */
public final class CountingIngest implements AutoCloseable {
    private final Server server;
    private final URI endpoint;
    private final byte[] marker;
    private final int[] fallback;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Object arrivals = new Object();
    private volatile boolean stalled;
    private volatile long latencyNanos;
    private volatile int outageStatus;
    private volatile long outageEndedAt;
    private final AtomicLong firstAnswerAfterOutage = new AtomicLong();

    private CountingIngest(String marker) {
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
        this.fallback = failureFunction(this.marker);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("counting-ingest");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptedTcpNoDelay(true);
        connector.setIdleTimeout(TimeUnit.MINUTES.toMillis(10)); // stalled requests must not time out
        server.addConnector(connector);
        server.setHandler(new Counter());
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("counting ingest could not start", e);
        }
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * Starts an ingest on a free loopback port.
     *
     * @param marker the text that occurs exactly once per event in the SDK's request bodies, such
     *     as {@code "conversion_id"} for pagent
     */
    public static CountingIngest start(String marker) {
        return new CountingIngest(marker);
    }

    /** {@code http://127.0.0.1:PORT}, without a path: the ingest answers any path. */
    public URI endpoint() {
        return endpoint;
    }

    /** Whether to hold every new request without reading or answering it. */
    public CountingIngest stall(boolean stall) {
        this.stalled = stall;
        return this;
    }

    /**
     * Delays every answer by {@code latency} (the request is read and counted first), without holding
     * a thread: as {@code FakeIngest.latency} does for pagent's drain, so that every SDK meets the
     * same round trip.
     */
    public CountingIngest latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /**
     * Answers every request with {@code status} (and counts nothing) until {@link #endOutage()}: the
     * peers' side of the outage scenario, as {@code FakeIngest.outage} is pagent's.
     */
    public CountingIngest outage(int status) {
        this.outageStatus = status;
        return this;
    }

    /** Ends an {@link #outage}; the first counted answer after it is timed (see {@link #recoveryNanos()}). */
    public CountingIngest endOutage() {
        firstAnswerAfterOutage.set(0);
        outageEndedAt = System.nanoTime();
        outageStatus = 0;
        return this;
    }

    /** Nanoseconds from {@link #endOutage()} to the first counted answer after it, or -1 if none yet. */
    public long recoveryNanos() {
        long first = firstAnswerAfterOutage.get();
        return first == 0 ? -1 : first - outageEndedAt;
    }

    /** Events counted since the start or the last {@link #reset()}. */
    public long events() {
        return events.get();
    }

    /** Requests answered since the start or the last {@link #reset()}. */
    public long requests() {
        return requests.get();
    }

    /** Zeroes the counts. */
    public void reset() {
        events.set(0);
        requests.set(0);
    }

    /**
     * Waits until at least {@code count} events were counted, or until no event has arrived for
     * {@code quiet}.
     *
     * @return the count when it returned
     */
    public long awaitEvents(long count, Duration quiet) {
        long quietNanos = quiet.toNanos();
        long last = events.get();
        long lastChange = System.nanoTime();
        synchronized (arrivals) {
            while (true) {
                long now = events.get();
                if (now >= count) {
                    return now;
                }
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > quietNanos) {
                    return now;
                }
                try {
                    arrivals.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return events.get();
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // a benchmark's ingest failing to stop must not fail the run
        }
    }

    /** Counts {@code marker} in a stream, across reads, with Knuth-Morris-Pratt. */
    private int count(InputStream in, byte[] buffer) throws IOException {
        int found = 0;
        int matched = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                while (matched > 0 && b != marker[matched]) {
                    matched = fallback[matched - 1];
                }
                if (b == marker[matched]) {
                    matched++;
                    if (matched == marker.length) {
                        found++;
                        matched = fallback[matched - 1];
                    }
                }
            }
        }
        return found;
    }

    private static int[] failureFunction(byte[] pattern) {
        int[] f = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = f[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }

    private final class Counter extends Handler.Abstract {
        private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

        Counter() {
            super(InvocationType.BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            if (stalled) {
                return true; // never answered: the client waits until it gives up or the ingest stops
            }
            int found;
            try (InputStream in = Content.Source.asInputStream(request)) {
                found = count(in, buffers.get());
            }
            int outage = outageStatus;
            if (outage != 0) {
                byte[] error = "{\"error\":\"outage\"}".getBytes(StandardCharsets.US_ASCII);
                response.setStatus(outage);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, String.valueOf(error.length));
                response.write(true, ByteBuffer.wrap(error), callback);
                return true;
            }
            if (outageEndedAt != 0) {
                firstAnswerAfterOutage.compareAndSet(0, System.nanoTime());
            }
            byte[] body = ("{\"accepted\":" + found + ",\"success\":true}").getBytes(StandardCharsets.US_ASCII);
            events.addAndGet(found);
            requests.incrementAndGet();
            synchronized (arrivals) {
                arrivals.notifyAll();
            }
            response.setStatus(200);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, "application/json");
            headers.put(HttpHeader.CONTENT_LENGTH, String.valueOf(body.length));
            long delay = latencyNanos;
            if (delay > 0) {
                request.getComponents()
                        .getScheduler()
                        .schedule(
                                () -> response.write(true, ByteBuffer.wrap(body), callback),
                                delay,
                                TimeUnit.NANOSECONDS);
            } else {
                response.write(true, ByteBuffer.wrap(body), callback);
            }
            return true;
        }
    }
}
