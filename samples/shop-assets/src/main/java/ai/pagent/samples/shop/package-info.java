/**
 * What the three checkout samples share: the shop (one product, receipts in cents), its pages and
 * the local stand-in of pagent's browser script (classpath resources under {@code
 * META-INF/resources/shop/}), and the local ingest the samples run when no API key is set.
 */
@NullMarked
package ai.pagent.samples.shop;

import org.jspecify.annotations.NullMarked;
