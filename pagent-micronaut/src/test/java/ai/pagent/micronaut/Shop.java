package ai.pagent.micronaut;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;

/** The test application's values. */
final class Shop {
    private Shop() {}

    @Serdeable
    record CheckoutForm(String plan, long cents) {}

    @Serdeable
    record Receipt(String orderId, long totalCents, String plan) {}

    @Serdeable
    @Introspected
    record FormOrder(String plan, long cents) {}

    /** Not introspected: revenueFrom cannot read it. */
    record PlainReceipt(long totalCents) {}
}
