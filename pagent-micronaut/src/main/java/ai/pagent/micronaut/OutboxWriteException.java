package ai.pagent.micronaut;

/**
 * Thrown by {@link ConversionTracker} and {@link TrackConversion} inside a transaction when the
 * conversion could not be inserted into the outbox (the table is missing, the database went away):
 * like any failed insert of the transaction, it reaches the application's code, and a {@code
 * Transactional} method that lets it through rolls back. The cause is the database's {@link
 * java.sql.SQLException}.
 */
public class OutboxWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the goal
     * @param cause the database's error
     */
    public OutboxWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
