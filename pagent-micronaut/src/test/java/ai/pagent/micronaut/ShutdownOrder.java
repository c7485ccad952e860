package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxRelay;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanPreDestroyEvent;
import io.micronaut.context.event.BeanPreDestroyEventListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/** Records which of the relay and the data source the closing context destroys first. */
final class ShutdownOrder {
    static final List<String> DESTROYED = new CopyOnWriteArrayList<>();

    private ShutdownOrder() {}

    @Singleton
    @Requires(property = "test.outbox.shutdown-order", value = "true")
    static final class RelayProbe implements BeanPreDestroyEventListener<OutboxRelay> {
        @Override
        public OutboxRelay onPreDestroy(BeanPreDestroyEvent<OutboxRelay> event) {
            DESTROYED.add("relay");
            return event.getBean();
        }
    }

    @Singleton
    @Requires(property = "test.outbox.shutdown-order", value = "true")
    static final class DataSourceProbe implements BeanPreDestroyEventListener<DataSource> {
        @Override
        public DataSource onPreDestroy(BeanPreDestroyEvent<DataSource> event) {
            DESTROYED.add("dataSource");
            return event.getBean();
        }
    }
}
