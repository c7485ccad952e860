package ai.pagent.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A checkout on a real database, written the way a Micronaut Data JDBC application writes one. */
@Singleton
@Requires(property = "test.outbox", value = "true")
class OutboxCheckout {
    private final TransactionOperations<Connection> transactions;
    private final ConversionTracker tracker;
    private final DataSource pool;

    OutboxCheckout(TransactionOperations<Connection> transactions, ConversionTracker tracker, DataSource dataSource) {
        this.transactions = transactions;
        this.tracker = tracker;
        this.pool = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** The order and, through the annotation, its conversion; {@code rollbackOnly} undoes both without an exception. */
    @Transactional
    @TrackConversion(goal = "checkout", revenue = "#{ #cents }")
    long checkout(long cents, boolean rollbackOnly) throws SQLException {
        insertOrder(cents);
        if (rollbackOnly) {
            transactions.findTransactionStatus().orElseThrow().setRollbackOnly();
        }
        return cents;
    }

    /** Tracked in a read-only transaction, which keeps nothing: the in-memory queue's business, after the commit. */
    @Transactional(readOnly = true)
    @TrackConversion(goal = "checkout", revenue = "#{ #cents }")
    long readOnlyCheckout(long cents) {
        return cents;
    }

    /** Tracked without a transaction: the in-memory queue's business. */
    @TrackConversion(goal = "checkout", revenue = "#{ #cents }")
    long checkoutWithoutTransaction(long cents) {
        return cents;
    }

    /**
     * The order and a conversion tracked from code; returns the outbox rows this transaction sees and
     * the rows another connection sees before the commit.
     */
    @Transactional
    long[] trackFromCode(long cents, boolean failAfterTracking) throws SQLException {
        insertOrder(cents);
        tracker.track("checkout", cents);
        long own = count(transactions.getConnection());
        long others;
        try (Connection other = pool.getConnection()) {
            others = count(other);
        }
        if (failAfterTracking) {
            throw new IllegalStateException("payment declined after tracking");
        }
        return new long[] {own, others};
    }

    private void insertOrder(long cents) throws SQLException {
        try (Statement s = transactions.getConnection().createStatement()) {
            s.execute("INSERT INTO orders VALUES (" + cents + ")");
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pagent_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }
}
