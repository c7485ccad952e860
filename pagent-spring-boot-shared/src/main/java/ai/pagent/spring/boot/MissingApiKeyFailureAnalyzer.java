package ai.pagent.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.util.PlaceholderResolutionException;

/**
 * Explains a missing API key: either pagent found none ({@link MissingApiKeyException}), or {@code
 * application.yml} refers to {@code ${PAGENT_API_KEY}} and the variable is not set.
 */
final class MissingApiKeyFailureAnalyzer implements FailureAnalyzer {
    static final String ACTION = "Set the environment variable PAGENT_API_KEY to the key from the pagent"
            + " dashboard (Settings > API Keys), or the property pagent.api-key.\n"
            + "To run without pagent, set pagent.enabled=false; to log events instead of sending them,"
            + " set pagent.dry-run=true.";

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MissingApiKeyException) {
                return new FailureAnalysis(
                        ((MissingApiKeyException) t).isUnresolvedPlaceholder()
                                ? "pagent.api-key refers to ${...}, and nothing sets that variable (is"
                                        + " PAGENT_API_KEY exported?)."
                                : "pagent is enabled but no API key is configured.",
                        ACTION,
                        t);
            }
            if (t instanceof PlaceholderResolutionException
                    && String.valueOf(t.getMessage()).contains("PAGENT_API_KEY")) {
                return new FailureAnalysis(
                        "The configuration refers to ${PAGENT_API_KEY}, and that environment variable is not set.",
                        ACTION,
                        t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
