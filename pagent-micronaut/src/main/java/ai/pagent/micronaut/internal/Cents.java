package ai.pagent.micronaut.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/** Reads a revenue value as whole cents, refusing anything fractional instead of truncating it. */
public final class Cents {
    private Cents() {}

    /**
     * Converts an expression's or a property's value to cents.
     *
     * @param source what produced the value, for the message
     * @param value the value; {@code null} means no revenue
     * @return the cents, or {@code null} for no revenue
     * @throws IllegalArgumentException naming {@code source} when the value is not whole cents
     */
    public static @Nullable Long of(String source, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        BigDecimal decimal;
        if (value instanceof BigDecimal) {
            decimal = (BigDecimal) value;
        } else if (value instanceof BigInteger) {
            decimal = new BigDecimal((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(source + " must be whole cents, got " + d);
            }
            decimal = BigDecimal.valueOf(d);
        } else if (value instanceof CharSequence) {
            try {
                decimal = new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " must be whole cents, got a text that is not a number");
            }
        } else {
            throw new IllegalArgumentException(source + " must be whole cents (a number), got a "
                    + value.getClass().getName());
        }
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(source + " must be whole cents (never truncated), got " + decimal);
        }
    }
}
