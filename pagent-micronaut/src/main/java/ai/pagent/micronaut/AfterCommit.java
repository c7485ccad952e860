package ai.pagent.micronaut;

/** Runs tracking after the current transaction commits, or at once when there is none. */
interface AfterCommit {
    /**
     * Runs {@code action} after the commit of the transaction active on this thread (never on
     * rollback), or now.
     */
    void run(Runnable action);
}
