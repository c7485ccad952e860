package ai.pagent.samples.micronaut;

import ai.pagent.micronaut.PagentClientCustomizer;
import ai.pagent.samples.shop.DeliveryLog;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.Receipt;
import ai.pagent.samples.shop.Shop;
import ai.pagent.samples.shop.ShopPages;
import ai.pagent.samples.shop.ShopSettings;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;

/** The shop's beans. {@link Receipt} gets its compile-time introspection and JSON support here. */
@Factory
@Introspected(classes = Receipt.class)
@SerdeImport(Receipt.class)
class ShopFactory {
    @Singleton
    Shop shop() {
        return new Shop();
    }

    @Singleton
    ShopPages shopPages(Environment environment, BeanContext beans) {
        return new ShopPages(
                ShopSettings.from(
                        key -> environment.getProperty(key, String.class).orElse(null)),
                "/_pagent/forward.js",
                beans.containsBean(LocalIngest.class));
    }

    /** Logs failed and dropped conversions. */
    @Singleton
    PagentClientCustomizer deliveryLog() {
        return builder -> builder.listener(new DeliveryLog());
    }
}
