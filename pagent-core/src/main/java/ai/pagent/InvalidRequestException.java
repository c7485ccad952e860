package ai.pagent;

/** pagent rejected the whole request as invalid (HTTP 400); the message is pagent's {@code error}. */
public final class InvalidRequestException extends PagentException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message, 400);
    }
}
