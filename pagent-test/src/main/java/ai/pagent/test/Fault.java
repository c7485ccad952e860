package ai.pagent.test;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A fault queued by {@link FakeIngest}; each one is consumed by one POST to the conversions path. */
sealed interface Fault {

    /** Answer {@code status} with an error body. */
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
}
