package ai.pagent.spring.boot;

import ai.pagent.jdbc.OutboxSchema;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates the {@code pagent_outbox} table at startup when it is missing ({@code
 * pagent.outbox.initialize-schema=true}); the tracker and the relay are created after it. A failure
 * stops startup, naming the database when there is no DDL for it.
 */
final class OutboxSchemaInitializer implements InitializingBean {
    private final DataSource dataSource;
    private volatile boolean created;

    OutboxSchemaInitializer(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        created = OutboxSchema.initialize(dataSource);
    }

    /** Whether this initializer created the table (false: it was there). */
    boolean created() {
        return created;
    }
}
