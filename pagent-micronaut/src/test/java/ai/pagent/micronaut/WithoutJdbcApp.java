package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.reflect.ClassUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.inject.BeanDefinition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * An application with a DataSource and {@code pagent.outbox.enabled=true}, run by {@link
 * WithoutJdbcTest} in a class loader that has no pagent-jdbc: reports what it found as text (the
 * only type both loaders share).
 */
public final class WithoutJdbcApp {
    private WithoutJdbcApp() {}

    public static String run(String apiKey, String endpoint) throws Exception {
        ClassLoader loader = WithoutJdbcApp.class.getClassLoader();
        try (ApplicationContext context = ApplicationContext.builder()
                .classLoader(loader)
                .properties(Map.of(
                        "test.tx", "true",
                        "datasources.default.url", "jdbc:h2:mem:pagent-no-jdbc;DB_CLOSE_DELAY=-1",
                        "datasources.default.driver-class-name", "org.h2.Driver",
                        "datasources.default.username", "sa",
                        "datasources.default.password", "",
                        "pagent.api-key", apiKey,
                        "pagent.endpoint", endpoint,
                        "pagent.batch.flush-interval", "20ms",
                        "pagent.outbox.enabled", "true"))
                .start()) {
            PaymentService payments = context.getBean(PaymentService.class);
            payments.createTable();
            HttpRequest<?> request =
                    HttpRequest.POST("/pay", "").header("X-Pagent-Variables", Http.variablesJson("no-jdbc"));
            Callable<Long> pay = () -> payments.pay(4200, false);
            long paid = ServerRequestContext.with(request, pay);
            boolean flushed = context.getBean(PagentClient.class).flush(Duration.ofSeconds(20));
            String outboxBeans = context.getAllBeanDefinitions().stream()
                    .map(BeanDefinition::getBeanType)
                    .map(Class::getSimpleName)
                    .filter(name -> name.contains("Outbox") && !name.equals("OutboxProperties"))
                    .sorted()
                    .collect(Collectors.joining(","));
            return "pagentJdbc=" + ClassUtils.isPresent("ai.pagent.jdbc.OutboxWriter", loader)
                    + " dataSource=" + context.findBean(DataSource.class).isPresent()
                    + " outboxBeans=[" + outboxBeans + "]"
                    + " paid=" + paid
                    + " flushed=" + flushed;
        }
    }
}
