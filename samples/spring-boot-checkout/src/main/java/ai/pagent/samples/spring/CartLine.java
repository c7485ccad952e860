package ai.pagent.samples.spring;

/**
 * The {@code fetch} checkout's JSON body.
 *
 * @param sku the product
 * @param quantity how many
 */
public record CartLine(String sku, int quantity) {}
