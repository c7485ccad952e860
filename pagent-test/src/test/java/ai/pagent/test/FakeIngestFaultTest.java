package ai.pagent.test;

import static ai.pagent.test.RawHttp.batch;
import static ai.pagent.test.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection, the other runtime switches, and behaviour under concurrency. */
class FakeIngestFaultTest {

    static FakeIngest ingest;

    @BeforeAll
    static void start() {
        ingest = FakeIngest.start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @BeforeEach
    void reset() {
        ingest.reset();
    }

    @Test
    void failsTheNextRequestsThenRecovers() {
        ingest.failNext(503, 3);

        List<Integer> statuses = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = post(ingest, batch(i, 2));
            statuses.add(response.statusCode());
            bodies.add(response.body());
        }

        assertThat(statuses).containsExactly(503, 503, 503, 200);
        assertThat(bodies.get(0)).isEqualTo("{\"error\":\"injected failure: 503 service unavailable\"}");
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-3", "c-4");
        assertThat(ingest.requests()).extracting(RecordedRequest::eventCount).containsExactly(2, 2, 2, 2);
        assertThat(ingest.requests()).extracting(RecordedRequest::accepted).containsExactly(0, 0, 0, 2);
    }

    @Test
    void answersFaultsWhateverTheKeyAndBody() {
        ingest.failNext(500, 1).failNext(401, 1);

        assertThat(post(ingest, "Bearer wrong", "junk").statusCode()).isEqualTo(500);
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(401);
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void consumesFaultsInTheOrderTheyWereQueued() {
        ingest.rateLimitNext(1)
                .failNext(502, 1)
                .latencyNext(1, Duration.ofMillis(1))
                .failNext(500, 1);

        List<Integer> statuses = IntStream.range(0, 5)
                .mapToObj(i -> post(ingest, batch(i, 1)).statusCode())
                .toList();

        assertThat(statuses).containsExactly(429, 502, 200, 500, 200);
    }

    @Test
    void doesNotSpendFaultsOnOtherPathsOrMethods() {
        ingest.failNext(503, 1);

        RawHttp.send(HttpRequest.newBuilder(ingest.conversionsUri()).GET().build());
        RawHttp.send(HttpRequest.newBuilder(ingest.endpoint().resolve("/health"))
                .GET()
                .build());

        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(503);
    }

    @Test
    void rateLimitsWithRetryAfterInSeconds() {
        ingest.rateLimitNext(1, Duration.ofSeconds(2)).rateLimitNext(1, Duration.ofMillis(1500));

        HttpResponse<String> first = post(ingest, batch(0, 1));
        HttpResponse<String> second = post(ingest, batch(0, 1));

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(first.body()).isEqualTo("{\"error\":\"rate limit exceeded\"}");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitsWithRetryAfterAsAnHttpDate() {
        ingest.rateLimitNextWithHttpDate(1, Duration.ofSeconds(30));
        Instant before = Instant.now();

        HttpResponse<String> response = post(ingest, batch(0, 1));

        assertThat(response.statusCode()).isEqualTo(429);
        String value = response.headers().firstValue("Retry-After").orElseThrow();
        assertThat(value).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        Instant at =
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(at).isBetween(before.plusSeconds(29), Instant.now().plusSeconds(31));
    }

    @Test
    void rateLimitsWithoutRetryAfter() {
        ingest.rateLimitNext(2);

        HttpResponse<String> response = post(ingest, batch(0, 1));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(429);
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitsWithALiteralRetryAfter() {
        ingest.rateLimitNext(1, "soon");

        assertThat(post(ingest, batch(0, 1)).headers().firstValue("Retry-After"))
                .hasValue("soon");
    }

    @Test
    void dropsTheConnectionSoTheJdkClientGetsAnIOException() {
        ingest.dropConnectionNext(2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> post(ingest, batch(0, 3))).hasCauseInstanceOf(IOException.class);
        }
        assertThat(post(ingest, batch(7, 1)).statusCode()).isEqualTo(200);

        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-7");
        List<RecordedRequest> requests = ingest.requests();
        assertThat(requests).extracting(RecordedRequest::dropped).containsExactly(true, true, false);
        assertThat(requests.get(0).status()).isEqualTo(RecordedRequest.DROPPED);
        assertThat(requests.get(0).eventCount()).isEqualTo(3);
    }

    @Test
    void dropsTheConnectionSoOkHttpGetsAnIOExceptionNotAStatus() throws IOException {
        OkHttpClient okHttp =
                new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try {
            ingest.dropConnectionNext(1);
            Request request = okHttpPost(batch(0, 1));

            assertThatThrownBy(() -> okHttp.newCall(request).execute()).isInstanceOf(IOException.class);
            try (Response response = okHttp.newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
        } finally {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
    }

    @Test
    void dropsTheConnectionOnAReusedOkHttpConnection() throws IOException {
        OkHttpClient okHttp =
                new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try {
            try (Response warmUp = okHttp.newCall(okHttpPost(batch(0, 1))).execute()) {
                assertThat(warmUp.code()).isEqualTo(200);
            }
            ingest.dropConnectionNext(1);

            assertThatThrownBy(() -> okHttp.newCall(okHttpPost(batch(1, 1))).execute())
                    .isInstanceOf(IOException.class);
            assertThat(ingest.events()).hasSize(1);
        } finally {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
    }

    @Test
    void dropsTheConnectionWithoutWritingAByte() {
        ingest.dropConnectionNext(1);

        String response = RawHttp.exchange(
                ingest,
                RawHttp.rawPost(
                        ingest,
                        "Authorization: Bearer " + ingest.apiKey() + "\r\nContent-Type: application/json\r\n",
                        batch(0, 1)));

        assertThat(response).isEmpty();
    }

    /** Not our behaviour but OkHttp's, pinned here because client tests must account for it. */
    @Test
    void defaultOkHttpSilentlyRepeatsARequestDroppedOnAPooledConnection() throws IOException {
        OkHttpClient okHttp = new OkHttpClient();
        try {
            try (Response warmUp = okHttp.newCall(okHttpPost(batch(0, 1))).execute()) {
                assertThat(warmUp.code()).isEqualTo(200);
            }
            ingest.dropConnectionNext(1);

            try (Response response = okHttp.newCall(okHttpPost(batch(1, 1))).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            assertThat(ingest.requests()).extracting(RecordedRequest::status).containsExactly(200, 0, 200);
        } finally {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
    }

    private Request okHttpPost(String body) {
        return new Request.Builder()
                .url(ingest.conversionsUri().toString())
                .header("Authorization", "Bearer " + ingest.apiKey())
                .post(RequestBody.create(body, MediaType.get("application/json")))
                .build();
    }

    @Test
    void delaysEveryAnswerByTheLatency() {
        Duration latency = Duration.ofMillis(200);
        ingest.latency(latency);

        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = post(ingest, batch(i, 1));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(elapsed).isGreaterThanOrEqualTo(latency);
        }
    }

    @Test
    void delaysOnlyTheNextAnswersWithLatencyNext() {
        Duration delay = Duration.ofMillis(300);
        ingest.latencyNext(1, delay);

        long start = System.nanoTime();
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
        Duration slow = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        assertThat(post(ingest, batch(1, 1)).statusCode()).isEqualTo(200);
        Duration fast = Duration.ofNanos(System.nanoTime() - start);

        assertThat(slow).isGreaterThanOrEqualTo(delay);
        assertThat(fast).isLessThan(delay);
    }

    @Test
    void answersSlowRequestsConcurrentlyWithoutHoldingThreads() {
        ingest.latency(Duration.ofMillis(500));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<Integer>> answers = IntStream.range(0, 64)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> post(ingest, batch(i, 1)).statusCode(), pool))
                    .toList();
            answers.forEach(CompletableFuture::join);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answers).allSatisfy(a -> assertThat(a.join()).isEqualTo(200));
            assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
            assertThat(ingest.acceptedCount()).isEqualTo(64);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsAnyBatchHoldingAPoisonEvent() {
        ingest.rejectEvents(e -> e.conversionId().equals("c-3"));

        HttpResponse<String> poisoned = post(ingest, batch(0, 5));
        HttpResponse<String> clean = post(ingest, batch(4, 2));

        assertThat(poisoned.statusCode()).isEqualTo(400);
        assertThat(poisoned.body())
                .startsWith("{\"error\":\"events[3]: rejected")
                .contains("c-3");
        assertThat(clean.statusCode()).isEqualTo(200);
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-4", "c-5");
    }

    @Test
    void answers500WhenThePoisonPredicateThrows() {
        ingest.rejectEvents(e -> {
            throw new IllegalStateException("boom");
        });

        HttpResponse<String> response = post(ingest, batch(0, 1));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("the rejectEvents predicate threw").contains("boom");
    }

    @Test
    void rotatesTheKeySoTheOldOneGets401() {
        String old = ingest.apiKey();

        ingest.rotateKey("new-key");

        assertThat(ingest.apiKey()).isEqualTo("new-key");
        assertThat(post(ingest, "Bearer " + old, batch(0, 1)).statusCode()).isEqualTo(401);
        assertThat(post(ingest, "Bearer new-key", batch(0, 1)).statusCode()).isEqualTo(200);
        ingest.reset();
        assertThat(ingest.apiKey()).isEqualTo(old);
        assertThat(post(ingest, "Bearer " + old, batch(0, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsFewerEventsOnceWhenAsked() {
        ingest.acceptFewer(2);

        HttpResponse<String> partial = post(ingest, batch(0, 5));
        HttpResponse<String> full = post(ingest, batch(5, 1));

        assertThat(partial.body()).isEqualTo("{\"accepted\":3}");
        assertThat(full.body()).isEqualTo("{\"accepted\":1}");
        assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).containsExactly("c-0", "c-1", "c-2", "c-5");
        assertThat(ingest.requests()).extracting(RecordedRequest::accepted).containsExactly(3, 1);
        assertThat(ingest.acceptedCount()).isEqualTo(4);
    }

    @Test
    void countsWithoutKeepingInCountOnlyMode() {
        ingest.countOnly(true);

        assertThat(post(ingest, batch(0, 100)).statusCode()).isEqualTo(200);
        assertThat(post(ingest, batch(0, 101)).statusCode()).isEqualTo(400);
        assertThat(post(ingest, "Bearer nope", batch(0, 1)).statusCode()).isEqualTo(401);

        assertThat(ingest.acceptedCount()).isEqualTo(100);
        assertThat(ingest.requestCount()).isEqualTo(3);
        assertThat(ingest.events()).isEmpty();
        assertThat(ingest.requests()).isEmpty();
        assertThatThrownBy(() -> ingest.awaitEvents(1, Duration.ofMillis(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resetClearsRecordsAndFaults() {
        post(ingest, batch(0, 2));
        ingest.failNext(503, 5)
                .latency(Duration.ofSeconds(10))
                .rejectEvents(e -> true)
                .acceptFewer(1);

        ingest.reset();

        assertThat(ingest.events()).isEmpty();
        assertThat(ingest.requests()).isEmpty();
        assertThat(ingest.acceptedCount()).isZero();
        assertThat(ingest.requestCount()).isZero();
        HttpResponse<String> response = post(ingest, batch(0, 2));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accepted\":2}");
    }

    @Test
    void recordsEveryConcurrentRequestExactlyOnce() {
        int threads = 16;
        int perThread = 25;
        int perBatch = 10;
        ingest.failNext(503, 40);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<List<Integer>>> results = IntStream.range(0, threads)
                    .mapToObj(t -> CompletableFuture.supplyAsync(
                            () -> IntStream.range(0, perThread)
                                    .mapToObj(r -> post(ingest, batch((t * perThread + r) * perBatch, perBatch))
                                            .statusCode())
                                    .toList(),
                            pool))
                    .toList();
            List<Integer> statuses =
                    results.stream().flatMap(f -> f.join().stream()).toList();

            assertThat(statuses).hasSize(threads * perThread);
            assertThat(statuses).filteredOn(s -> s == 503).hasSize(40);
            int accepted = (threads * perThread - 40) * perBatch;
            assertThat(ingest.events()).hasSize(accepted);
            assertThat(ingest.events()).extracting(ReceivedEvent::conversionId).doesNotHaveDuplicates();
            assertThat(ingest.acceptedCount()).isEqualTo(accepted);
            assertThat(ingest.requests()).hasSize(threads * perThread);
            assertThat(ingest.requestCount()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitEventsBlocksUntilTheEventsArrive() throws Exception {
        CompletableFuture<List<ReceivedEvent>> awaited = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                awaited.complete(ingest.awaitEvents(3, Duration.ofSeconds(10)));
            } catch (Throwable t) {
                awaited.completeExceptionally(t);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        post(ingest, batch(0, 2));
        assertThat(awaited).isNotDone();

        CompletableFuture.runAsync(() -> post(ingest, batch(2, 1)));

        assertThat(awaited.get(5, TimeUnit.SECONDS))
                .extracting(ReceivedEvent::conversionId)
                .containsExactly("c-0", "c-1", "c-2");
    }

    @Test
    void awaitEventsFailsNamingWhatArrived() {
        ingest.failNext(503, 1);
        post(ingest, batch(0, 1));
        post(ingest, batch(1, 1));

        assertThatThrownBy(() -> ingest.awaitEvents(2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 2 accepted events within PT0.05S")
                .hasMessageContaining("1 events were accepted [conversion_id=c-1 session_id=s-1]")
                .hasMessageContaining("POST /v1/conversions -> 503 (1 events, 0 accepted)");
    }

    @Test
    void awaitRequestsWaitsForRetries() {
        ingest.failNext(503, 2);
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3; i++) {
                post(ingest, batch(0, 1));
            }
        });

        assertThat(ingest.awaitRequests(3, Duration.ofSeconds(5)))
                .extracting(RecordedRequest::status)
                .containsExactly(503, 503, 200);
    }
}
