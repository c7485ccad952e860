package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code maxRequestBytes} to the byte: a batch whose body is exactly the cap goes in one request, one
 * byte more and it goes in two, and a part that starts a new request is counted from its own start.
 */
class RequestBytesCapTest {
    private static final int CAP = ClientSettings.MIN_BYTES;
    /** {@code {"events":[} and {@code ]}}. */
    private static final int ENVELOPE = 13;

    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    /** An event whose JSON is exactly {@code bytes} long. */
    private static Conversion eventOf(int i, int bytes) {
        Conversion probe = withBlob(i, "");
        int blob = bytes - EventSize.encodedBytes(probe);
        Conversion event = withBlob(i, "x".repeat(blob));
        assertThat(EventSize.encodedBytes(event)).isEqualTo(bytes);
        return event;
    }

    private static Conversion withBlob(int i, String blob) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user")
                .conversionId("3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34")
                .properties(Map.of("blob", blob))
                .build();
    }

    /** Sends {@code events} as one batch and returns the body sizes of the requests that carried it. */
    private List<Integer> bodySizes(List<Conversion> events) {
        DispatcherSettings settings = new DispatcherSettings(
                100,
                1 << 24,
                100,
                CAP,
                Duration.ofHours(1),
                1,
                3,
                Duration.ofMillis(5),
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                1000);
        BatchDispatcher dispatcher = new BatchDispatcher(
                settings, BatchFormerWakeUpTest.transport(ingest), ApiKey.of(ingest.apiKey()), null);
        try {
            events.forEach(dispatcher::track);
            assertThat(dispatcher.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(dispatcher.stats().accepted()).isEqualTo(events.size());
        } finally {
            dispatcher.close();
        }
        List<Integer> sizes = new ArrayList<>();
        for (RecordedRequest r : ingest.requests()) {
            sizes.add(r.body().getBytes(StandardCharsets.UTF_8).length);
        }
        return sizes;
    }

    @Test
    void aBatchOfExactlyTheCapGoesInOneRequest() {
        // Four events and three commas inside the envelope: 13 + 3 * 16 000 + 3 + last = CAP.
        int last = CAP - ENVELOPE - 3 - 3 * 16_000;
        List<Conversion> events = List.of(eventOf(0, 16_000), eventOf(1, 16_000), eventOf(2, 16_000), eventOf(3, last));

        assertThat(bodySizes(events)).containsExactly(CAP);
    }

    @Test
    void oneByteMoreGoesInTwoRequestsEachWithinTheCap() {
        int last = CAP - ENVELOPE - 3 - 3 * 16_000 + 1;
        List<Conversion> events = List.of(eventOf(0, 16_000), eventOf(1, 16_000), eventOf(2, 16_000), eventOf(3, last));

        assertThat(bodySizes(events)).containsExactly(ENVELOPE + 3 * 16_000 + 2, ENVELOPE + last);
    }

    @Test
    void theEventThatStartsANewRequestIsCountedWithoutAComma() {
        // 30 000 twice fill most of a request; the third event starts the second one, which the rest
        // then fill exactly: 13 + 21 840 + 21 840 + 21 841 + 2 commas = CAP.
        List<Conversion> events = List.of(
                eventOf(0, 30_000), eventOf(1, 30_000), eventOf(2, 21_840), eventOf(3, 21_840), eventOf(4, 21_841));

        assertThat(bodySizes(events)).containsExactly(ENVELOPE + 30_000 + 1 + 30_000, CAP);
    }
}
