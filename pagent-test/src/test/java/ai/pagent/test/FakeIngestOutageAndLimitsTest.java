package ai.pagent.test;

import static ai.pagent.test.RawHttp.batch;
import static ai.pagent.test.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The faults other modules' delivery tests lean on: fitting 4xx bodies, outages, rate and size bounds, drips. */
class FakeIngestOutageAndLimitsTest {

    /** The rate bound's clock: tests move it by hand, so the sliding window is exact. */
    static final AtomicLong clock = new AtomicLong();

    static FakeIngest ingest;

    @BeforeAll
    static void start() {
        ingest = FakeIngest.builder().nanoClock(clock::get).start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @BeforeEach
    void reset() {
        ingest.reset();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "403, injected failure: 403 forbidden: this API key may not send conversions",
        "404, injected failure: 404 not found",
        "413, injected failure: 413 request body too large",
        "401, injected failure: 401 invalid API key",
        "502, injected failure: 502 bad gateway",
        "599, injected failure: 599"
    })
    void failsWithABodyThatFitsTheStatus(int status, String error) {
        ingest.failNext(status, 1);

        HttpResponse<String> failed = post(ingest, batch(0, 2));

        assertThat(failed.statusCode()).isEqualTo(status);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(failed.body()).isEqualTo("{\"error\":\"" + error + "\"}");
        assertThat(post(ingest, batch(2, 1)).statusCode()).isEqualTo(200);
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-2");
    }

    @Test
    void answersEveryRequestWithTheOutageStatusUntilItEnds() {
        ingest.failNext(500, 1);
        ingest.outage(503);

        List<Integer> during = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            during.add(post(ingest, batch(i, 1)).statusCode());
        }
        HttpResponse<String> wrongKey = post(ingest, "Bearer wrong", "junk");
        ingest.endOutage();
        int queuedFaultAfter = post(ingest, batch(10, 1)).statusCode();
        int recovered = post(ingest, batch(11, 1)).statusCode();

        assertThat(during).containsExactly(503, 503, 503, 503);
        assertThat(wrongKey.statusCode()).isEqualTo(503);
        assertThat(wrongKey.body()).isEqualTo("{\"error\":\"outage: injected failure: 503 service unavailable\"}");
        assertThat(queuedFaultAfter)
                .as("the fault queued before the outage waited for it")
                .isEqualTo(500);
        assertThat(recovered).isEqualTo(200);
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-11");
        assertThat(ingest.requests()).extracting(RecordedRequest::eventCount).startsWith(1, 1, 1, 1, 0, 1, 1);
    }

    @Test
    void leavesOtherPathsAloneDuringAnOutage() {
        ingest.outage(502);

        HttpResponse<String> elsewhere = RawHttp.send(
                java.net.http.HttpRequest.newBuilder(ingest.endpoint().resolve("/health"))
                        .GET()
                        .build());

        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(502);
    }

    @Test
    void resetEndsAnOutageAndLiftsTheBounds() {
        ingest.outage(503).rateLimitAbove(1, Duration.ofSeconds(1)).maxRequestBytes(10);

        ingest.reset();

        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
        assertThat(post(ingest, batch(1, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitsRequestsAboveTheBoundWithRetryAfter() {
        ingest.rateLimitAbove(3, Duration.ofMillis(1500));

        List<Integer> burst = new ArrayList<>();
        List<String> retryAfters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = post(ingest, batch(i, 1));
            burst.add(response.statusCode());
            response.headers().firstValue("Retry-After").ifPresent(retryAfters::add);
        }
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        int stillWithinTheSecond = post(ingest, batch(5, 1)).statusCode();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        int nextSecond = post(ingest, batch(6, 1)).statusCode();

        assertThat(burst).containsExactly(200, 200, 200, 429, 429);
        assertThat(retryAfters).containsExactly("2", "2");
        assertThat(stillWithinTheSecond).isEqualTo(429);
        assertThat(nextSecond).isEqualTo(200);
        assertThat(ingest.requests().get(3).body()).isEqualTo(batch(3, 1));
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-0", "c-1", "c-2", "c-6");
    }

    @Test
    void refusedRequestsDoNotCountAgainstTheBound() {
        ingest.rateLimitAbove(2, Duration.ZERO);

        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int tick = 0; tick < 3; tick++) {
            // Three requests every 600 ms: at 1200 ms only the refusals of 600 ms are within the second.
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = post(ingest, batch(tick * 3 + i, 1));
                statuses.add(response.statusCode());
                retryAfter = response.headers().firstValue("Retry-After").orElse(retryAfter);
            }
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
        }

        assertThat(statuses).containsExactly(200, 200, 429, 429, 429, 429, 200, 200, 429);
        assertThat(retryAfter).isEqualTo("0");
    }

    @Test
    void answersQueuedFaultsAndOutagesBeforeTheRateBound() {
        ingest.rateLimitAbove(1, Duration.ofSeconds(3)).failNext(503, 1);

        int queuedFault = post(ingest, batch(0, 1)).statusCode();
        int admitted = post(ingest, batch(1, 1)).statusCode();
        ingest.outage(502);
        int outage = post(ingest, batch(2, 1)).statusCode();
        ingest.endOutage();
        HttpResponse<String> limited = post(ingest, batch(3, 1));

        assertThat(queuedFault)
                .as("a queued fault is not counted against the bound")
                .isEqualTo(503);
        assertThat(admitted).isEqualTo(200);
        assertThat(outage).isEqualTo(502);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(limited.body()).contains("rate limit exceeded");
    }

    @Test
    void answers413AboveTheBodyLimitBeforeAnyOtherFault() {
        String small = batch(0, 1);
        String large = batch(1, 30);
        ingest.maxRequestBytes(small.length()).failNext(503, 1);

        HttpResponse<String> tooLarge = post(ingest, "Bearer wrong", large);
        int queuedFault = post(ingest, small).statusCode();
        int accepted = post(ingest, small).statusCode();

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body())
                .isEqualTo("{\"error\":\"request body of " + large.length() + " bytes exceeds the limit of "
                        + small.length() + " bytes\"}");
        assertThat(queuedFault).isEqualTo(503);
        assertThat(accepted).isEqualTo(200);
        assertThat(ingest.requests()).extracting(RecordedRequest::eventCount).containsExactly(30, 1, 1);
    }

    @Test
    void dripsTheBodyAfterSendingTheHeadersAtOnce() throws IOException {
        Duration perByte = Duration.ofMillis(150);
        ingest.dripNext(1, perByte);
        OkHttpClient okHttp = new OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(5))
                .retryOnConnectionFailure(false)
                .build();
        long sentAt = System.nanoTime();
        try (Response response = okHttp.newCall(okHttpPost(batch(0, 3))).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(ingest.events()).as("recorded before the first byte").hasSize(3);

            String body = response.body().string();
            // From the request, not from when execute() returned: a descheduled client thread may
            // find part of the body already buffered, but nobody can get it sooner than the pauses.
            Duration took = Duration.ofNanos(System.nanoTime() - sentAt);

            assertThat(body).isEqualTo("{\"accepted\":3}");
            // The server cannot send the last 13 bytes sooner than 13 pauses after the first.
            assertThat(took).isGreaterThanOrEqualTo(perByte.multipliedBy(body.length() - 1));
            try (Response next = okHttp.newCall(okHttpPost(batch(3, 1))).execute()) {
                assertThat(next.body().string())
                        .as("only the next request drips")
                        .isEqualTo("{\"accepted\":1}");
            }
        } finally {
            shutdown(okHttp);
        }
    }

    @Test
    void aDripDefeatsAReadTimeoutButNotACallTimeout() {
        ingest.dripNext(2, Duration.ofMillis(300));
        OkHttpClient readTimeoutOnly = new OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(1))
                .retryOnConnectionFailure(false)
                .build();
        OkHttpClient callTimeout =
                readTimeoutOnly.newBuilder().callTimeout(Duration.ofSeconds(1)).build();
        try {
            assertThatThrownBy(() -> {
                        try (Response response =
                                callTimeout.newCall(okHttpPost(batch(0, 1))).execute()) {
                            response.body().string();
                        }
                    })
                    .isInstanceOf(InterruptedIOException.class);
            assertThat(readTimeoutOnly
                            .newCall(okHttpPost(batch(1, 1)))
                            .execute()
                            .body()
                            .string())
                    .isEqualTo("{\"accepted\":1}");
            assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-0", "c-1");
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            shutdown(readTimeoutOnly);
        }
    }

    @Test
    void rejectsInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> ingest.outage(200)).hasMessage("status must be 400 to 599, got 200");
        assertThatThrownBy(() -> ingest.rateLimitAbove(0, Duration.ZERO))
                .hasMessage("requestsPerSecond must be at least 1, got 0");
        assertThatThrownBy(() -> ingest.rateLimitAbove(1, Duration.ofSeconds(-1)))
                .hasMessage("retryAfter must not be negative, got PT-1S");
        assertThatThrownBy(() -> ingest.maxRequestBytes(0)).hasMessage("bytes must be at least 1, got 0");
        assertThatThrownBy(() -> ingest.dripNext(1, Duration.ZERO)).hasMessage("perByte must be positive, got PT0S");
        assertThatThrownBy(() -> ingest.dripNext(0, Duration.ofMillis(1)))
                .hasMessage("times must be at least 1, got 0");
    }

    private static Request okHttpPost(String body) {
        return new Request.Builder()
                .url(ingest.conversionsUri().toString())
                .header("Authorization", "Bearer " + ingest.apiKey())
                .post(RequestBody.create(body, MediaType.get("application/json")))
                .build();
    }

    private static void shutdown(OkHttpClient okHttp) {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }
}
