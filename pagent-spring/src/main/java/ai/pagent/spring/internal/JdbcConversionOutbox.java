package ai.pagent.spring.internal;

import ai.pagent.Conversion;
import ai.pagent.jdbc.OutboxWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox table of one {@link DataSource}, written through the connection of the Spring-managed
 * transaction on it ({@link DataSourceUtils#getConnection}), so that the row commits or rolls back
 * with the application's own writes. A failed insert is thrown as Spring's {@link
 * DataAccessException}, translated as {@code JdbcTemplate} translates it.
 *
 * <p>Only a transaction that holds a connection of this data source, with auto-commit off, is
 * joined: anything else (no transaction, a transaction of another database or transaction manager)
 * answers {@code false}, and the conversion takes the in-memory path after commit, with a warning
 * for a transaction the outbox cannot join.
 */
public final class JdbcConversionOutbox implements ConversionOutbox {
    private static final Logger log = LoggerFactory.getLogger("ai.pagent.spring.TrackConversion");
    private static final String TASK = "pagent outbox: inserting the conversion into pagent_outbox";

    private final DataSource dataSource;
    private final OutboxWriter writer;
    private final SQLExceptionTranslator translator;
    private final RateLimitedLog warnings = new RateLimitedLog(log, 1, TimeUnit.MINUTES);

    /** The outbox of {@code dataSource}. */
    public static JdbcConversionOutbox of(DataSource dataSource) {
        return new JdbcConversionOutbox(dataSource, OutboxWriter.create());
    }

    /** The outbox of {@code dataSource}, rows written by {@code writer}. */
    public JdbcConversionOutbox(DataSource dataSource, OutboxWriter writer) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    }

    @Override
    public boolean write(Conversion conversion, Runnable onCommit) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return false;
        }
        if (!TransactionSynchronizationManager.hasResource(dataSource)) {
            warnings.warn("pagent outbox: a transaction is active, but not on the outbox's DataSource;"
                    + " the conversion goes to the in-memory queue after commit instead");
            return false;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (connection.getAutoCommit()) {
                warnings.warn("pagent outbox: the transaction's connection is in auto-commit mode, so a row"
                        + " would not roll back with it; the conversion goes to the in-memory queue after commit"
                        + " instead");
                return false;
            }
            writer.write(connection, conversion);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                onCommit.run();
            }
        });
        return true;
    }

    private DataAccessException translate(SQLException e) {
        @Nullable DataAccessException translated = translator.translate(TASK, null, e);
        return translated != null ? translated : new UncategorizedSQLException(TASK, null, e);
    }

    @Override
    public String toString() {
        return "JdbcConversionOutbox{" + writer + "}";
    }
}
