package ai.pagent.spring.internal;

import java.util.Objects;

/**
 * Carries a failed outbox insert through the tracking code, which otherwise counts and swallows
 * every problem, to the edge where it is thrown to the application as the exception it is ({@link
 * #failure()}): the application's transaction decides what happens, as with any failed insert.
 */
public final class OutboxWriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RuntimeException failure;

    OutboxWriteFailure(RuntimeException failure) {
        super(failure.getMessage(), failure, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The insert's exception, to throw to the application. */
    public RuntimeException failure() {
        return failure;
    }
}
