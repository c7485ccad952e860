package ai.pagent.spring.internal;

import ai.pagent.Conversion;

/**
 * Where a conversion goes when it is tracked inside a database transaction: a table of that
 * transaction, so that it commits or rolls back with it. Kept free of JDBC types so that {@link
 * Tracking} loads without pagent-jdbc on the classpath.
 */
public interface ConversionOutbox {
    /**
     * Writes {@code conversion} in the transaction active on this thread, when it is one of the
     * outbox's database.
     *
     * @param onCommit run once the transaction has committed (never on rollback)
     * @return {@code false} when no such transaction is active: the caller takes the in-memory path
     * @throws RuntimeException the insert failed, as the framework reports a failed insert (Spring:
     *     a {@code DataAccessException})
     */
    boolean write(Conversion conversion, Runnable onCommit);
}
