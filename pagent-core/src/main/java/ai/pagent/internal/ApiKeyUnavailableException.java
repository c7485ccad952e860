package ai.pagent.internal;

/**
 * The API key source yielded no usable key (it threw, returned null or a blank value): no request
 * was made. The message says what went wrong and never holds a key.
 */
public final class ApiKeyUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ApiKeyUnavailableException(String message) {
        super(message);
    }
}
