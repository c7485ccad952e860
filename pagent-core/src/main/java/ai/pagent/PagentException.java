package ai.pagent;

/**
 * A conversion request did not succeed. {@link #statusCode()} is the HTTP status pagent answered
 * with, or {@code 0} when no answer arrived (see {@link TransportException}). The message holds
 * pagent's own {@code error} text where it sent one, and never the API key.
 */
public class PagentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public PagentException(String message, int statusCode) {
        super(message);
        this.statusCode = statusCode;
    }

    public PagentException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status pagent answered with, {@code 0} for a transport failure. */
    public int statusCode() {
        return statusCode;
    }
}
