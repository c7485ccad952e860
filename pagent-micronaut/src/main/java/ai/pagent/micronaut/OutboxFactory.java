package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.jdbc.OutboxRelay;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The transactional outbox's relay, with {@code pagent.outbox.enabled=true} when the application has
 * {@code ai.pagent:pagent-jdbc} and a {@code DataSource} (the {@code default} one): it delivers the
 * rows that {@code @TrackConversion} and {@link ConversionTracker} inserted inside transactions,
 * and rows of every other instance whose relay died. On by default in every instance ({@code
 * pagent.outbox.relay.enabled=false} turns it off); started with the context and closed before
 * the data source when the context stops.
 *
 * <p>The relay sends through a {@link PagentClient} of its own, built from the same {@code pagent.*}
 * settings and {@link PagentClientCustomizer} beans as the application's (without the spool: the
 * table is the durable copy). {@link OutboxRelayCustomizer} beans adjust the relay itself.
 */
@Factory
@Requires(property = "pagent.enabled", notEquals = "false")
@Requires(property = "pagent.outbox.enabled", value = "true")
@Requires(classes = OutboxRelay.class)
@Requires(beans = DataSource.class)
public class OutboxFactory {

    /**
     * The started relay.
     *
     * @param dataSource the application's data source, holding {@code pagent_outbox}
     * @param context to find Micronaut Data's proxy resolvers
     * @param properties the {@code pagent.*} settings of the relay's client
     * @param outbox the {@code pagent.outbox.*} settings
     * @param clientCustomizers applied to the relay's client builder, as to the application's
     * @param relayCustomizers applied to the relay builder
     * @param schema present when {@code initialize-schema} is on: the table exists before the relay starts
     * @return the relay, closed when the context stops
     */
    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "pagent.outbox.relay.enabled", notEquals = "false")
    public OutboxRelay pagentOutboxRelay(
            DataSource dataSource,
            BeanContext context,
            PagentProperties properties,
            OutboxProperties outbox,
            List<PagentClientCustomizer> clientCustomizers,
            List<OutboxRelayCustomizer> relayCustomizers,
            Optional<OutboxSchemaInitializer> schema) {
        OutboxProperties.Relay settings = outbox.getRelay();
        List<String> problems = new ArrayList<>(0);
        positive(problems, "pagent.outbox.backlog-interval", outbox.getBacklogInterval());
        positive(problems, "pagent.outbox.relay.poll-interval", settings.getPollInterval());
        Duration lease = settings.getLeaseDuration();
        if (lease == null || lease.compareTo(Duration.ofMillis(300)) < 0) {
            problems.add("pagent.outbox.relay.lease-duration must be at least 300ms (leases are renewed every"
                    + " third of it), got " + lease);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid pagent outbox configuration: " + String.join("; ", problems));
        }
        PagentClient.Builder client = ClientSettings.builder(properties);
        for (PagentClientCustomizer customizer : clientCustomizers) {
            customizer.customize(client);
        }
        client.spool(null);
        OutboxRelay.Builder relay = OutboxRelay.builder()
                .dataSource(OutboxDataSource.unwrap(context, dataSource))
                .client(client)
                .pollInterval(settings.getPollInterval())
                .leaseDuration(lease)
                .backlogInterval(outbox.getBacklogInterval());
        for (OutboxRelayCustomizer customizer : relayCustomizers) {
            customizer.customize(relay);
        }
        try {
            return relay.build().start();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid pagent outbox relay: " + e.getMessage(), e);
        }
    }

    private static void positive(List<String> problems, String key, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(key + " must be positive, got " + value);
        }
    }
}
