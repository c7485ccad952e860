package ai.pagent;

/**
 * pagent refused the API key (HTTP 401: missing, invalid or expired; or 403: not allowed to send
 * conversions). Create a new key in the pagent dashboard (Settings &gt; API Keys). Retrying at once
 * with the same key cannot succeed.
 */
public final class UnauthorizedException extends PagentException {
    private static final long serialVersionUID = 1L;

    /** A 401 answer. */
    public UnauthorizedException(String message) {
        super(message, 401);
    }

    /** A refusal with {@code statusCode} 401 or 403. */
    public UnauthorizedException(String message, int statusCode) {
        super(message, statusCode);
    }
}
