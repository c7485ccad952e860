package ai.pagent.micronaut;

import ai.pagent.Conversion;
import ai.pagent.jdbc.OutboxWriter;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts conversions into {@code pagent_outbox} on the connection of the Micronaut Data JDBC
 * transaction active on the calling thread (the {@code default} data source's), so that they commit
 * or roll back with it. Read-only transactions are left alone: nothing they do is kept.
 *
 * <p>The transaction manager is looked up on first use: it needs the data source, which may need the
 * meter registry, whose binders need the tracker that needs this.
 */
@Singleton
@Requires(property = "pagent.enabled", notEquals = "false")
@Requires(property = "pagent.outbox.enabled", value = "true")
@Requires(classes = {OutboxWriter.class, TransactionOperations.class})
@Requires(beans = DataSource.class)
final class TransactionalOutbox implements OutboxTracking {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalOutbox.class);

    private final BeanProvider<TransactionOperations<Connection>> provider;
    private final OutboxWriter writer = OutboxWriter.create();
    private volatile @Nullable Optional<TransactionOperations<Connection>> transactions;

    TransactionalOutbox(BeanProvider<TransactionOperations<Connection>> transactions) {
        this.provider = transactions;
    }

    private @Nullable TransactionOperations<Connection> transactions() {
        Optional<TransactionOperations<Connection>> found = transactions;
        if (found == null) {
            found = provider.find(null);
            if (found.isEmpty()) {
                LOG.warn("pagent.outbox.enabled=true, but the application has no JDBC transaction manager"
                        + " (micronaut-data-tx-jdbc): conversions go to the in-memory queue; the relay still"
                        + " delivers rows written with OutboxWriter");
            }
            transactions = found;
        }
        return found.orElse(null);
    }

    @Override
    public boolean inTransaction() {
        return writableTransaction() != null;
    }

    @Override
    public boolean write(Conversion conversion) {
        Connection connection = writableTransaction();
        if (connection == null) {
            return false;
        }
        try {
            writer.write(connection, conversion);
            return true;
        } catch (SQLException e) {
            throw new OutboxWriteException(
                    "pagent outbox: could not insert the conversion \""
                            + conversion.label().orElse("") + "\" into pagent_outbox in the current transaction: "
                            + e.getMessage(),
                    e);
        }
    }

    private @Nullable Connection writableTransaction() {
        TransactionOperations<Connection> t = transactions();
        if (t == null) {
            return null;
        }
        Optional<? extends TransactionStatus<?>> found = t.findTransactionStatus();
        if (found.isEmpty()) {
            return null;
        }
        TransactionStatus<?> status = found.get();
        if (status.isCompleted()
                || status.getTransactionDefinition().isReadOnly().orElse(false)) {
            return null;
        }
        Object connection = status.getConnection();
        return connection instanceof Connection ? (Connection) connection : null;
    }
}
