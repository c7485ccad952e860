package ai.pagent.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A transactional checkout on a real H2 database, active only in the transaction test. */
@Singleton
@Requires(property = "test.tx", value = "true")
class PaymentService {
    private final TransactionOperations<Connection> transactions;

    PaymentService(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Transactional
    @TrackConversion(goal = "checkout", revenue = "#{ #cents }")
    long pay(long cents, boolean rollback) throws SQLException {
        try (Statement s = transactions.getConnection().createStatement()) {
            s.execute("INSERT INTO payments VALUES (" + cents + ")");
        }
        if (rollback) {
            // Rolled back without an exception: only a commit hook can tell.
            transactions.findTransactionStatus().orElseThrow().setRollbackOnly();
        }
        return cents;
    }

    void createTable() {
        transactions.executeWrite(status -> {
            try (Statement s = status.getConnection().createStatement()) {
                return s.execute("CREATE TABLE IF NOT EXISTS payments (cents BIGINT)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    long count() throws SQLException {
        return transactions.executeRead(status -> {
            try (Statement s = status.getConnection().createStatement();
                    var rs = s.executeQuery("SELECT COUNT(*) FROM payments")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
