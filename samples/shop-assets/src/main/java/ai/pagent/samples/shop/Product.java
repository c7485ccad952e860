package ai.pagent.samples.shop;

import static java.util.Objects.requireNonNull;

/**
 * Something the shop sells.
 *
 * @param sku the stock keeping unit, the form's {@code sku}
 * @param name what the page shows
 * @param priceCents the unit price in cents
 */
public record Product(String sku, String name, long priceCents) {
    /** Validates the fields. */
    public Product {
        requireNonNull(sku, "sku");
        requireNonNull(name, "name");
        if (priceCents <= 0) {
            throw new IllegalArgumentException("priceCents must be positive, was " + priceCents);
        }
    }
}
