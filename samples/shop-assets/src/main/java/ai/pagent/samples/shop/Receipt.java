package ai.pagent.samples.shop;

import static java.util.Objects.requireNonNull;

/**
 * A completed checkout.
 *
 * @param orderId the order number shown to the buyer
 * @param sku the product bought
 * @param product the product's name
 * @param quantity how many
 * @param totalCents what the buyer paid, in cents: the conversion's revenue
 */
public record Receipt(String orderId, String sku, String product, int quantity, long totalCents) {
    /** Validates the fields. */
    public Receipt {
        requireNonNull(orderId, "orderId");
        requireNonNull(sku, "sku");
        requireNonNull(product, "product");
    }

    /** The total in major units with two decimals, for people: {@code "25.00"}. */
    public String total() {
        return BigDecimalText.cents(totalCents);
    }
}
