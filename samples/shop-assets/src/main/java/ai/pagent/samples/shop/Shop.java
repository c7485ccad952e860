package ai.pagent.samples.shop;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The sample shop: a tiny catalog and a checkout that turns a cart line into a {@link Receipt}. */
public final class Shop {
    /** The most anyone may buy of one product in one checkout. */
    public static final int MAX_QUANTITY = 10;

    private final List<Product> catalog;
    private final AtomicLong orders = new AtomicLong(1000);

    /** A shop selling the sample's field notebook (12.50). */
    public Shop() {
        this(List.of(new Product("notebook", "Field notebook", 1250)));
    }

    /**
     * A shop selling {@code catalog}.
     *
     * @param catalog the products, at least one
     */
    public Shop(List<Product> catalog) {
        if (catalog.isEmpty()) {
            throw new IllegalArgumentException("catalog must not be empty");
        }
        this.catalog = List.copyOf(catalog);
    }

    /** The product the page features. */
    public Product featured() {
        return catalog.get(0);
    }

    /** The product with {@code sku}, if the shop sells it. */
    public Optional<Product> product(String sku) {
        return catalog.stream().filter(p -> p.sku().equals(sku)).findFirst();
    }

    /**
     * Checks out {@code quantity} of the product {@code sku}.
     *
     * @throws IllegalArgumentException when the shop does not sell {@code sku} or the quantity is
     *     not 1 to {@value #MAX_QUANTITY}, saying which
     */
    public Receipt checkout(String sku, int quantity) {
        Product product =
                product(sku).orElseThrow(() -> new IllegalArgumentException("sku: the shop sells no '" + sku + "'"));
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity: must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
        }
        return new Receipt(
                "A-" + orders.incrementAndGet(),
                product.sku(),
                product.name(),
                quantity,
                product.priceCents() * quantity);
    }
}
