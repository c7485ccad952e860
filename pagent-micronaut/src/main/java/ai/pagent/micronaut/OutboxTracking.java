package ai.pagent.micronaut;

import ai.pagent.Conversion;

/**
 * Where tracking goes while a transaction is active, with {@code pagent.outbox.enabled=true}: the
 * outbox table, on the transaction's own connection. Free of JDBC and Micronaut Data types, so that
 * an application without them loads the classes that use it.
 */
interface OutboxTracking {
    /** Whether a transaction the outbox can write in is active on this thread. */
    boolean inTransaction();

    /**
     * Inserts {@code conversion} into the outbox in the transaction active on this thread.
     *
     * @return {@code false} when no such transaction is active (nothing was written)
     * @throws OutboxWriteException the insert failed; the transaction decides what happens next
     */
    boolean write(Conversion conversion);
}
