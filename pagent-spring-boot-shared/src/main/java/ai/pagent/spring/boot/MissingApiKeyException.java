package ai.pagent.spring.boot;

/**
 * Thrown at startup when pagent is enabled, not in dry-run mode, and has no API key; its failure
 * analysis says what to set.
 */
public final class MissingApiKeyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final boolean unresolvedPlaceholder;

    MissingApiKeyException(boolean unresolvedPlaceholder) {
        super((unresolvedPlaceholder
                        ? "pagent.api-key refers to a placeholder that nothing resolves (an environment variable"
                                + " that is not set)"
                        : "pagent is enabled but has no API key")
                + ": set PAGENT_API_KEY (or pagent.api-key), or pagent.enabled=false, or pagent.dry-run=true");
        this.unresolvedPlaceholder = unresolvedPlaceholder;
    }

    /** Whether {@code pagent.api-key} was set to a placeholder that nothing resolved. */
    public boolean isUnresolvedPlaceholder() {
        return unresolvedPlaceholder;
    }
}
