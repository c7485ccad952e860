package ai.pagent.samples.spring;

import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import java.net.URI;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The sample's embedded default: when neither {@code pagent.api-key} nor {@code PAGENT_API_KEY} is
 * set (and pagent is not off or in dry-run), starts a {@link LocalIngest}, points {@code
 * pagent.endpoint} and {@code pagent.api-key} at it, and registers it as a bean, which turns on the
 * dev page. Listed in {@code META-INF/spring.factories}, so tests get it too.
 */
public final class LocalIngestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String PROPERTY_SOURCE = "pagentLocalIngest";
    static final String LOCAL_FLAG = "sample.local-ingest";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (StringUtils.hasText(environment.getProperty("pagent.api-key"))
                || StringUtils.hasText(environment.getProperty(LocalIngest.API_KEY_ENV))
                || environment.getProperty("pagent.enabled", Boolean.class, true) == Boolean.FALSE
                || environment.getProperty("pagent.dry-run", Boolean.class, false) == Boolean.TRUE) {
            return;
        }
        LocalIngest local = LocalIngest.start();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of(
                                "pagent.api-key",
                                local.apiKey(),
                                "pagent.endpoint",
                                local.endpoint().toString(),
                                LOCAL_FLAG,
                                "true")));
        // A bean definition, so the context closes it (after the client, which depends on it).
        ((GenericApplicationContext) context).registerBean("localIngest", LocalIngest.class, () -> local);
        ((GenericApplicationContext) context).getBeanFactory().registerDependentBean("localIngest", "pagentClient");
    }

    /** Whether this context runs with a local ingest. */
    static boolean isLocal(Environment environment) {
        return environment.getProperty(LOCAL_FLAG, Boolean.class, false);
    }

    /** The product page of a running shop. */
    static URI shopUri(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port", "8080");
        return URI.create("http://localhost:" + port + ShopPages.PRODUCT);
    }
}
