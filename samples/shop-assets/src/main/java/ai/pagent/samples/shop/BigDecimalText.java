package ai.pagent.samples.shop;

import java.math.BigDecimal;

/** Amounts in cents as text for people. */
final class BigDecimalText {
    private BigDecimalText() {}

    static String cents(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
