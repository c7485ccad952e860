package ai.pagent;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** pagent asked the client to slow down (HTTP 429), for {@link #retryAfter()} when it said how long. */
public final class RateLimitedException extends PagentException {
    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    public RateLimitedException(String message, @Nullable Duration retryAfter) {
        super(message, 429);
        this.retryAfter = retryAfter;
    }

    /** How long pagent asked to wait, from its {@code Retry-After} header (seconds or HTTP-date). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
