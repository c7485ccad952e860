package ai.pagent.micronaut;

import io.micronaut.context.BeanContext;
import io.micronaut.core.reflect.ClassUtils;
import io.micronaut.jdbc.DataSourceResolver;
import javax.sql.DataSource;

/**
 * The pool behind the application's {@code DataSource} bean. Micronaut Data wraps that bean in a
 * proxy that hands out the current transaction's connection and fails outside one; the relay and
 * the schema initializer open and commit connections of their own, so they need the pool itself.
 */
final class OutboxDataSource {
    private static final boolean RESOLVERS =
            ClassUtils.isPresent("io.micronaut.jdbc.DataSourceResolver", OutboxDataSource.class.getClassLoader());

    private OutboxDataSource() {}

    static DataSource unwrap(BeanContext context, DataSource dataSource) {
        return RESOLVERS ? Resolvers.resolve(context, dataSource) : dataSource;
    }

    /** Touched only when micronaut-jdbc is present. */
    private static final class Resolvers {
        static DataSource resolve(BeanContext context, DataSource dataSource) {
            DataSource resolved = dataSource;
            for (DataSourceResolver resolver : context.getBeansOfType(DataSourceResolver.class)) {
                resolved = resolver.resolve(resolved);
            }
            return resolved;
        }
    }
}
