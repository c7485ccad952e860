package ai.pagent.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the API key comes from, read afresh for every request so that a rotated key is picked up.
 * Holds the key's source, never prints it: {@link #toString()} is a fixed text.
 */
public final class ApiKey {
    private final Supplier<String> source;

    private ApiKey(Supplier<String> source) {
        this.source = source;
    }

    /** A fixed key, checked now so that a bad one fails the client's {@code build()}. */
    public static ApiKey of(String key) {
        String clean = clean(Objects.requireNonNull(key, "apiKey"));
        return new ApiKey(() -> clean);
    }

    /** A key read from {@code supplier} before every request (rotation); checked when read. */
    public static ApiKey from(Supplier<String> supplier) {
        Objects.requireNonNull(supplier, "apiKey supplier");
        return new ApiKey(supplier);
    }

    /**
     * The key to send now, trimmed of surrounding whitespace.
     *
     * @throws ApiKeyUnavailableException when the source yields no usable key (the message never holds it)
     */
    public String current() {
        String key;
        try {
            key = source.get();
        } catch (RuntimeException e) {
            // The cause is left out: a secrets client's message may hold what it fetched.
            throw new ApiKeyUnavailableException(
                    "the apiKey supplier threw " + e.getClass().getName());
        }
        if (key == null) {
            throw new ApiKeyUnavailableException("the apiKey supplier returned null");
        }
        try {
            return clean(key);
        } catch (IllegalArgumentException e) {
            throw new ApiKeyUnavailableException("the apiKey supplier returned an unusable key: " + e.getMessage());
        }
    }

    /** Trims the key and rejects what cannot be a key; the message names the rule, never the value. */
    static String clean(String key) {
        String trimmed = key.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(
                    "apiKey must not be blank: set PAGENT_API_KEY to a key from the pagent dashboard"
                            + " (Settings > API Keys)");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char ch = trimmed.charAt(i);
            if (Character.isWhitespace(ch) || Character.isISOControl(ch) || ch > 0x7E) {
                throw new IllegalArgumentException("apiKey must not contain whitespace, control or non-ASCII"
                        + " characters (found one at position " + i + ")");
            }
        }
        return trimmed;
    }

    /** Replaces every occurrence of the current key in {@code text}, for text that came from outside. */
    public String redact(String text) {
        String key;
        try {
            key = current();
        } catch (IllegalStateException e) {
            return text;
        }
        return text.replace(key, "[redacted]");
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
