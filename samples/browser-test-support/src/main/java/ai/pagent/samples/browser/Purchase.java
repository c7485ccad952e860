package ai.pagent.samples.browser;

/**
 * What a buyer's browser saw: its pagent ids (from {@code window._pgnt.variables("checkout")} on
 * the product page) and the receipt.
 *
 * @param sessionId the page's {@code session_id}
 * @param userId the page's {@code user_id}
 * @param conversionId the page's {@code conversion_id} for the label {@code checkout}
 * @param orderId the receipt's order number
 * @param revenueCents the receipt's total in cents
 */
public record Purchase(String sessionId, String userId, String conversionId, String orderId, long revenueCents) {}
