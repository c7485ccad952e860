package ai.pagent;

import java.time.Duration;

/**
 * Hears every HTTP request a {@link PagentClient} makes to pagent, once it has its answer or has
 * failed: for request metrics (the Spring Boot starter and the Micronaut module record Micrometer's
 * {@code pagent.requests} timer with it, tagged with the {@link RequestOutcome} of the status).
 *
 * <pre>{@code
 * Timer.Builder timer = Timer.builder("pagent.requests");
 * PagentClient client = PagentClient.builder()
 *         .apiKey(System.getenv("PAGENT_API_KEY"))
 *         .requestObserver((status, events, took) ->
 *                 timer.tag("status", String.valueOf(status)).register(registry).record(took))
 *         .build();
 * }</pre>
 *
 * <p>Promises:
 * <ul>
 *   <li>Called exactly once per request that went out: every attempt of a batch, each half of a
 *       batch split to isolate a rejected event, probes of a paused client, and each {@link
 *       PagentClient#send} call. Not called when no request was made (an {@code apiKey} supplier that
 *       yields no key, a dry run).
 *   <li>Called on the thread that sent the request: a {@code pagent-*} sender thread for tracked
 *       events, the caller's thread for {@code send()}. Keep it quick: a slow observer slows
 *       delivery, never {@code track()}.
 *   <li>An exception it throws is caught and logged (at most one warning per minute), and changes
 *       nothing about the delivery.
 *   <li>It is never given the API key.
 * </ul>
 */
@FunctionalInterface
public interface RequestObserver {
    /**
     * A request ended.
     *
     * @param statusCode the HTTP status pagent answered, or {@code 0} when no answer came (a
     *     connection error, a timeout, a request cancelled by {@code close()})
     * @param events how many events the request carried
     * @param took from just before the request was sent until its answer was read or it failed
     */
    void onRequest(int statusCode, int events, Duration took);
}
