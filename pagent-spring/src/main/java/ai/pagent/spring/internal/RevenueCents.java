package ai.pagent.spring.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Turns what a revenue expression yielded into integer cents, refusing anything fractional. */
final class RevenueCents {
    private RevenueCents() {}

    /**
     * The cents {@code value} stands for.
     *
     * @throws IllegalArgumentException when it is not a whole number that fits a {@code long}
     */
    static long of(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
            throw fractional(value);
        }
        if (value instanceof Number) {
            BigDecimal exact = value instanceof BigDecimal
                    ? (BigDecimal) value
                    : value instanceof BigInteger
                            ? new BigDecimal((BigInteger) value)
                            : new BigDecimal(value.toString());
            try {
                return exact.longValueExact();
            } catch (ArithmeticException e) {
                throw fractional(value);
            }
        }
        throw new IllegalArgumentException("revenue must be a whole number of cents, got a "
                + value.getClass().getName());
    }

    private static IllegalArgumentException fractional(Object value) {
        return new IllegalArgumentException("revenue must be a whole number of cents (never rounded), got " + value
                + ": convert major units exactly, e.g. #result.total.movePointRight(2)");
    }
}
