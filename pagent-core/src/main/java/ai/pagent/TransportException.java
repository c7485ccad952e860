package ai.pagent;

/**
 * No answer reached the client: the connection failed, was dropped, or timed out. The request may
 * or may not have been processed by pagent; {@link #statusCode()} is {@code 0}.
 */
public final class TransportException extends PagentException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
