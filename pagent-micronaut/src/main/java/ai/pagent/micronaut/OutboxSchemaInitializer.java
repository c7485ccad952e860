package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxSchema;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Creates {@code pagent_outbox} at startup when it is missing ({@code
 * pagent.outbox.initialize-schema=true}), before the relay starts. A database that cannot be reached
 * or has no shipped DDL stops the startup, saying so.
 */
@Context
@Requires(property = "pagent.enabled", notEquals = "false")
@Requires(property = "pagent.outbox.enabled", value = "true")
@Requires(property = "pagent.outbox.initialize-schema", value = "true")
@Requires(classes = OutboxSchema.class)
@Requires(beans = DataSource.class)
final class OutboxSchemaInitializer {
    private final boolean created;

    OutboxSchemaInitializer(DataSource dataSource, BeanContext context) {
        try {
            this.created = OutboxSchema.initialize(OutboxDataSource.unwrap(context, dataSource));
        } catch (SQLException e) {
            throw new ConfigurationException(
                    "pagent.outbox.initialize-schema=true, but the outbox table could not be created: "
                            + e.getMessage(),
                    e);
        }
    }

    /** Whether this startup created the table. */
    boolean created() {
        return created;
    }
}
