package ai.pagent.spring.internal;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/** Defers work to the commit of the current Spring transaction, when there is one. */
final class AfterCommit {
    private static final boolean TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            AfterCommit.class.getClassLoader());

    private AfterCommit() {}

    /**
     * Registers {@code action} to run after the current transaction commits (never on rollback).
     *
     * @return {@code false} when no transaction is active on this thread: the caller runs it now
     */
    static boolean defer(Runnable action) {
        return TX_PRESENT && Synchronized.defer(action);
    }

    /** Loaded only when spring-tx is on the classpath. */
    private static final class Synchronized {
        static boolean defer(Runnable action) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()
                    || !TransactionSynchronizationManager.isActualTransactionActive()) {
                return false;
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
            return true;
        }
    }
}
