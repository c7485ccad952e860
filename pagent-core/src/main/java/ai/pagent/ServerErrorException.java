package ai.pagent;

/** pagent failed to handle the request (HTTP 5xx); the documented remedy is to retry. */
public final class ServerErrorException extends PagentException {
    private static final long serialVersionUID = 1L;

    public ServerErrorException(String message, int statusCode) {
        super(message, statusCode);
    }
}
