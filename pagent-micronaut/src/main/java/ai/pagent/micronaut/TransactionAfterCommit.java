package ai.pagent.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Defers tracking to the commit of a Micronaut Data transaction, when one is active. */
@Singleton
@Requires(classes = TransactionOperations.class)
final class TransactionAfterCommit implements AfterCommit {
    private final List<TransactionOperations<?>> managers;

    TransactionAfterCommit(List<TransactionOperations<?>> managers) {
        this.managers = managers;
    }

    @Override
    public void run(Runnable action) {
        for (TransactionOperations<?> manager : managers) {
            Optional<? extends TransactionStatus<?>> status = manager.findTransactionStatus();
            if (status.isPresent() && !status.get().isCompleted()) {
                status.get().registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
                return;
            }
        }
        action.run();
    }
}
