package ai.pagent.samples.servlet;

import ai.pagent.samples.shop.ShopPages;

/**
 * Starts the servlet checkout sample and prints its URL. From the project root:
 *
 * <pre>
 * ./mvnw -q -pl samples/servlet-checkout -am -DskipTests package exec:java
 * </pre>
 *
 * Settings in {@link CheckoutConfig}; without {@code PAGENT_API_KEY}, conversions go to a local
 * ingest shown at {@code /_dev/conversions}.
 */
public final class ServletCheckout {
    private ServletCheckout() {}

    public static void main(String[] args) throws InterruptedException {
        CheckoutServer shop = CheckoutServer.start(CheckoutConfig.fromEnvironment());
        System.out.println("pagent servlet-checkout sample: open " + shop.uri());
        if (shop.localIngest().isPresent()) {
            System.out.println("no PAGENT_API_KEY: conversions go to a local ingest, see "
                    + shop.uri().resolve(ShopPages.DEV_CONVERSIONS));
        }
        shop.join();
    }
}
