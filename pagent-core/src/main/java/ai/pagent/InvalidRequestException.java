package ai.pagent;

/**
 * pagent rejected the whole request (HTTP 400 as invalid, or 413 as too large); the message holds
 * pagent's {@code error}.
 */
public final class InvalidRequestException extends PagentException {
    private static final long serialVersionUID = 1L;

    /** A 400 answer. */
    public InvalidRequestException(String message) {
        super(message, 400);
    }

    /** A rejection with {@code statusCode} 400 or 413. */
    public InvalidRequestException(String message, int statusCode) {
        super(message, statusCode);
    }
}
