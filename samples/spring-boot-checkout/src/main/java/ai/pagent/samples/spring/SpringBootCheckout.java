package ai.pagent.samples.spring;

import ai.pagent.samples.shop.DeliveryLog;
import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.samples.shop.ShopSettings;
import ai.pagent.servlet.PagentFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The Spring Boot checkout sample. From the project root (the README's first command):
 *
 * <pre>
 * ./mvnw -q -pl samples/spring-boot-checkout -am -DskipTests package &amp;&amp; java -jar samples/spring-boot-checkout/target/spring-boot-checkout.jar
 * </pre>
 *
 * Without {@code PAGENT_API_KEY}, conversions go to a local ingest ({@link LocalIngestInitializer})
 * shown at {@code /_dev/conversions}.
 */
@SpringBootApplication
public class SpringBootCheckout {
    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(SpringBootCheckout.class, args);
        System.out.println("pagent spring-boot-checkout sample: open " + LocalIngestInitializer.shopUri(context));
    }

    @Bean
    Shop shop() {
        return new Shop();
    }

    @Bean
    ShopPages shopPages(Environment environment) {
        return new ShopPages(
                ShopSettings.from(environment::getProperty),
                PagentFilter.DEFAULT_SCRIPT_PATH,
                LocalIngestInitializer.isLocal(environment));
    }

    /** The starter gives the client the application's one {@code DeliveryListener}. */
    @Bean
    DeliveryLog deliveryLog() {
        return new DeliveryLog();
    }
}
