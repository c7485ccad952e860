package ai.pagent.test;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A one-shot fault queued by {@link FakeIngest}; each one is consumed by one POST to the conversions path. */
sealed interface Fault {

    /** Answer {@code status} with an error body that fits it. */
    record Fail(int status) implements Fault {}

    /**
     * Answer 429. {@code retryAfter} is the literal header value, or {@code null} for none; when
     * {@code httpDateIn} is set the header is an HTTP-date that far from the time of the answer.
     */
    record RateLimit(@Nullable String retryAfter, @Nullable Duration httpDateIn) implements Fault {}

    /** Read the request, then close the connection without a response. */
    record Drop() implements Fault {}

    /** Wait {@code delay} longer, then answer normally. */
    record Delay(Duration delay) implements Fault {}

    /** Answer normally, but write the body one byte at a time, {@code perByte} apart. */
    record Drip(Duration perByte) implements Fault {}
}
