package ai.pagent;

import java.util.List;

/**
 * A {@link Conversion} could not be built because some of its values break pagent's rules. Lists
 * every violation at once, so that one fix-and-retry is enough. Each violation names the field by
 * its wire name and the rule, for example {@code conversion_id: must be a UUID (8-4-4-4-12 hex), was
 * "abc"} or {@code properties.items[2]: must be a finite number, was NaN}. Echoed values are
 * shortened and escaped.
 *
 * <pre>{@code
 * try {
 *     client.track(Conversion.builder().variables(v).label("checkout").revenueCents(999).build());
 * } catch (InvalidConversionException e) {
 *     log.warn("not tracked: {}", e.violations());
 * }
 * }</pre>
 */
public final class InvalidConversionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    /**
     * Creates the exception for the given violations, each a {@code "field: rule"} text.
     *
     * @throws IllegalArgumentException if {@code violations} is empty
     */
    public InvalidConversionException(List<String> violations) {
        super(String.join("; ", violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        this.violations = List.copyOf(violations);
    }

    /** Every violation found, in field order, each as {@code "field: rule"}. */
    public List<String> violations() {
        return violations;
    }
}
