package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.RequestObserver;
import ai.pagent.VariableCarriers;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import java.util.List;

/**
 * Creates the application's {@link PagentClient} from {@link PagentProperties} when the context
 * starts, and closes it (delivering what is queued within {@code pagent.shutdown-timeout}) when
 * the context stops. Nothing is created with {@code pagent.enabled=false}.
 *
 * <p>A missing API key stops startup with a message that says what to set: {@code
 * PAGENT_API_KEY}, or {@code pagent.enabled=false}, or {@code pagent.dry-run=true}.
 *
 * <p>With {@code pagent.spool.directory} set, the client also keeps every event in that directory
 * ({@code pagent.spool.max-bytes}, {@code pagent.spool.fsync-interval}), and a restarted application
 * sends what the last one could not deliver.
 *
 * <p>To use a client of your own, declare a {@code PagentClient} bean; this factory then creates
 * none (and leaves closing yours to you). To adjust the built one, declare {@link
 * PagentClientCustomizer} beans.
 */
@Factory
@Requires(property = "pagent.enabled", notEquals = "false")
public class PagentFactory {

    /**
     * The client, built at startup so that a bad configuration fails the start, not the first
     * checkout.
     *
     * @param properties the {@code pagent.*} configuration
     * @param customizers changes applied after the configuration, in bean order
     * @param requestObservers hear every request the client makes (the {@code pagent.requests} timer
     *     with micronaut-micrometer)
     * @return the client, closed when the context stops
     */
    @Context
    @Bean(preDestroy = "close")
    @Requires(missingBeans = PagentClient.class)
    public PagentClient pagentClient(
            PagentProperties properties,
            List<PagentClientCustomizer> customizers,
            List<RequestObserver> requestObservers) {
        PagentClient.Builder builder = ClientSettings.builder(properties);
        if (!requestObservers.isEmpty()) {
            builder.requestObserver(everyOne(List.copyOf(requestObservers)));
        }
        for (PagentClientCustomizer customizer : customizers) {
            customizer.customize(builder);
        }
        return ClientSettings.build(builder);
    }

    /** One observer that tells each of {@code observers}, even when one of them throws. */
    private static RequestObserver everyOne(List<RequestObserver> observers) {
        if (observers.size() == 1) {
            return observers.get(0);
        }
        return (status, events, took) -> {
            RuntimeException failed = null;
            for (RequestObserver o : observers) {
                try {
                    o.onRequest(status, events, took);
                } catch (RuntimeException e) {
                    failed = e;
                }
            }
            if (failed != null) {
                throw failed; // the client logs it
            }
        };
    }

    /**
     * The names of the headers and parameters that carry the browser's variables ({@code
     * pagent.variables.*}).
     *
     * @param properties the {@code pagent.*} configuration
     * @return the carriers the server filter and the tracker read
     */
    @Context
    @Requires(missingBeans = VariableCarriers.class)
    public VariableCarriers pagentVariableCarriers(PagentProperties properties) {
        return ClientSettings.carriers(properties.getVariables());
    }
}
