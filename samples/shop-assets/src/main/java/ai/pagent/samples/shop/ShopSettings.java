package ai.pagent.samples.shop;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the shop's pages load pagent's browser script.
 *
 * @param checkoutGoal the UUID of the pagent goal the checkout converts: what the local stand-in
 *     answers as {@code conversion_id} for the label {@code checkout}
 * @param scriptUrl pagent's real browser script, loaded instead of the local stand-in when set
 */
public record ShopSettings(String checkoutGoal, @Nullable URI scriptUrl) {
    /** The configuration key of the checkout goal's UUID. */
    public static final String GOAL_KEY = "pagent.goals.checkout";

    /** The configuration key of pagent's browser script URL. */
    public static final String SCRIPT_URL_KEY = "pagent.script-url";

    /** The samples' checkout goal when none is configured (a made-up UUID). */
    public static final String DEFAULT_GOAL = "5f0c6a8e-3b1d-4e2a-9c7f-1d2e3f4a5b6c";

    /**
     * Validates the goal.
     *
     * @throws IllegalArgumentException when the goal is not a UUID, naming the key
     */
    public ShopSettings {
        Objects.requireNonNull(checkoutGoal, "checkoutGoal");
        try {
            UUID.fromString(checkoutGoal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    GOAL_KEY + " must be a UUID (the goal's id in pagent), was '" + checkoutGoal + "'");
        }
        if (scriptUrl != null && !scriptUrl.isAbsolute()) {
            throw new IllegalArgumentException(SCRIPT_URL_KEY + " must be an absolute URL, was '" + scriptUrl + "'");
        }
    }

    /**
     * Reads {@value #GOAL_KEY} (default {@value #DEFAULT_GOAL}) and {@value #SCRIPT_URL_KEY} (default
     * none: the local stand-in) from {@code config}.
     *
     * @throws IllegalArgumentException when a value is invalid, naming the key
     */
    public static ShopSettings from(Function<String, @Nullable String> config) {
        String goal = config.apply(GOAL_KEY);
        String script = config.apply(SCRIPT_URL_KEY);
        URI scriptUrl;
        try {
            scriptUrl = script == null || script.isBlank() ? null : URI.create(script.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SCRIPT_URL_KEY + " is not a URL: " + e.getMessage(), e);
        }
        return new ShopSettings(goal == null || goal.isBlank() ? DEFAULT_GOAL : goal.trim(), scriptUrl);
    }

    /** Whether the pages load the local stand-in instead of pagent's script. */
    public boolean standIn() {
        return scriptUrl == null;
    }
}
