package ai.pagent;

/**
 * pagent refused the API key (HTTP 401): it is missing, invalid or expired. Create a new key in the
 * pagent dashboard (Settings &gt; API Keys). Retrying with the same key cannot succeed.
 */
public final class UnauthorizedException extends PagentException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message, 401);
    }
}
