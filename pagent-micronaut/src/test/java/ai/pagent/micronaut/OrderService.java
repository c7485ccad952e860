package ai.pagent.micronaut;

import ai.pagent.micronaut.Shop.PlainReceipt;
import jakarta.inject.Singleton;

@Singleton
class OrderService {
    /** Its result is not introspected, so revenueFrom cannot be read: tracking fails, the call must not. */
    @TrackConversion(goal = "checkout", revenueFrom = "totalCents")
    PlainReceipt place(long cents) {
        return new PlainReceipt(cents);
    }
}
