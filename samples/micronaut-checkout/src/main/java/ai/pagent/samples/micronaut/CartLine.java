package ai.pagent.samples.micronaut;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code fetch} checkout's JSON body.
 *
 * @param sku the product
 * @param quantity how many
 */
@Serdeable
public record CartLine(String sku, int quantity) {}
