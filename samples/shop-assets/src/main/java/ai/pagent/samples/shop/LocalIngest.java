package ai.pagent.samples.shop;

import ai.pagent.PagentClient;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples' embedded default: when no {@code PAGENT_API_KEY} is set, a sample runs a {@link
 * FakeIngest} in its own process on a free loopback port, points its client there, and shows what
 * arrived on {@value ShopPages#DEV_CONVERSIONS} and in the log (one line per event, logger {@code
 * ai.pagent.samples.shop.LocalIngest}).
 *
 * <pre>{@code
 * LocalIngest local = LocalIngest.startUnless(System.getenv("PAGENT_API_KEY"));
 * PagentClient.Builder client = PagentClient.builder();
 * if (local != null) {
 *     client.apiKey(local.apiKey()).endpoint(local.endpoint());
 * }
 * }</pre>
 */
public final class LocalIngest implements AutoCloseable {
    /** The environment variable that switches the samples from the local ingest to pagent. */
    public static final String API_KEY_ENV = "PAGENT_API_KEY";

    private static final Logger log = LoggerFactory.getLogger(LocalIngest.class);

    private final FakeIngest ingest;
    private final Thread reporter;

    private LocalIngest(FakeIngest ingest) {
        this.ingest = ingest;
        this.reporter = new Thread(this::report, "local-ingest-log");
        reporter.setDaemon(true);
        reporter.start();
    }

    /** Starts a local ingest on a free loopback port. Close it when the sample stops. */
    public static LocalIngest start() {
        LocalIngest local = new LocalIngest(FakeIngest.start());
        log.info(
                "No {} set: conversions go to a local FakeIngest at {}; see {} in the shop",
                API_KEY_ENV,
                local.endpoint(),
                ShopPages.DEV_CONVERSIONS);
        return local;
    }

    /**
     * Starts a local ingest when {@code apiKey} is absent or blank; returns {@code null} when a key
     * is set (the sample then talks to pagent and has no dev page).
     */
    public static @Nullable LocalIngest startUnless(@Nullable String apiKey) {
        return apiKey == null || apiKey.isBlank() ? start() : null;
    }

    /** The endpoint to give the client ({@link PagentClient.Builder#endpoint}). */
    public URI endpoint() {
        return ingest.endpoint();
    }

    /** The key the local ingest accepts ({@link PagentClient.Builder#apiKey(String)}). */
    public String apiKey() {
        return ingest.apiKey();
    }

    /** Every event the local ingest accepted, oldest first. */
    public List<ReceivedEvent> events() {
        return ingest.events();
    }

    /** The running ingest itself, for tests that wait for events or inject faults. */
    public FakeIngest ingest() {
        return ingest;
    }

    /** The dev page for what arrived so far and {@code client}'s live counters. */
    public String devPage(PagentClient client) {
        return ShopPages.devConversions(endpoint(), events(), client.stats());
    }

    /** Stops the ingest and its log thread. */
    @Override
    public void close() {
        reporter.interrupt();
        ingest.close();
    }

    // Waits on the ingest's own monitor (no polling) and logs each event once.
    private void report() {
        int seen = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<ReceivedEvent> events;
            try {
                events = ingest.awaitEvents(seen + 1, Duration.ofHours(1));
            } catch (AssertionError quietHourOrInterrupted) {
                continue;
            }
            for (int i = seen; i < events.size(); i++) {
                ReceivedEvent e = events.get(i);
                log.info(
                        "local ingest received: label={} revenue={} session_id={} user_id={} conversion_id={}",
                        e.label(),
                        e.revenue(),
                        e.sessionId(),
                        e.userId(),
                        e.conversionId());
            }
            seen = events.size();
        }
    }
}
