package ai.pagent.servlet.internal;

import ai.pagent.VariableCarriers;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads filter settings from init or context parameters into plain values; the filter applies them
 * to its builder (absent parameters keep the builder's value).
 */
public final class FilterSettings {
    private FilterSettings() {}

    /**
     * Settings found in the parameters.
     *
     * @param carriers the base carriers with any configured names changed
     * @param urlPatterns the URL patterns, {@code null} when not configured
     * @param scriptPath where to serve the script, {@code null} when not configured
     * @param serveScript whether to serve the script, {@code null} when not configured
     */
    public record Values(
            VariableCarriers carriers,
            @Nullable List<String> urlPatterns,
            @Nullable String scriptPath,
            @Nullable Boolean serveScript) {}

    /**
     * Applies the parameters {@code <variablesPrefix>json-header}, …, {@code
     * <filterPrefix>url-patterns}, {@code <filterPrefix>script-path}, {@code
     * <filterPrefix>serve-script}.
     *
     * @throws IllegalArgumentException naming the parameter whose value is invalid
     */
    public static Values read(
            VariableCarriers base,
            Function<String, @Nullable String> parameter,
            String variablesPrefix,
            String filterPrefix) {
        VariableCarriers.Builder c = base.toBuilder();
        boolean changed = false;
        changed |= name(parameter, variablesPrefix + "json-header", c, VariableCarriers.Builder::jsonHeader);
        changed |= name(parameter, variablesPrefix + "session-id-header", c, VariableCarriers.Builder::sessionIdHeader);
        changed |= name(parameter, variablesPrefix + "user-id-header", c, VariableCarriers.Builder::userIdHeader);
        changed |= name(parameter, variablesPrefix + "visit-id-header", c, VariableCarriers.Builder::visitIdHeader);
        changed |= name(
                parameter, variablesPrefix + "conversion-id-header", c, VariableCarriers.Builder::conversionIdHeader);
        changed |= name(parameter, variablesPrefix + "json-parameter", c, VariableCarriers.Builder::jsonParameter);
        changed |= name(
                parameter, variablesPrefix + "session-id-parameter", c, VariableCarriers.Builder::sessionIdParameter);
        changed |= name(parameter, variablesPrefix + "user-id-parameter", c, VariableCarriers.Builder::userIdParameter);
        changed |=
                name(parameter, variablesPrefix + "visit-id-parameter", c, VariableCarriers.Builder::visitIdParameter);
        changed |= name(
                parameter,
                variablesPrefix + "conversion-id-parameter",
                c,
                VariableCarriers.Builder::conversionIdParameter);
        VariableCarriers carriers = base;
        if (changed) {
            try {
                carriers = c.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(variablesPrefix + "*: " + e.getMessage(), e);
            }
        }
        String patterns = value(parameter, filterPrefix + "url-patterns");
        return new Values(
                carriers,
                patterns == null ? null : list(patterns),
                value(parameter, filterPrefix + "script-path"),
                bool(parameter, filterPrefix + "serve-script"));
    }

    /** A trimmed, non-blank parameter value, or {@code null}. */
    public static @Nullable String value(Function<String, @Nullable String> parameter, String key) {
        String v = parameter.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * {@code true}/{@code false} (any case), or {@code null} when absent.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static @Nullable Boolean bool(Function<String, @Nullable String> parameter, String key) {
        String v = value(parameter, key);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }

    static List<String> list(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableList());
    }

    private static boolean name(
            Function<String, @Nullable String> parameter,
            String key,
            VariableCarriers.Builder carriers,
            BiConsumer<VariableCarriers.Builder, String> setter) {
        String v = value(parameter, key);
        if (v == null) {
            return false;
        }
        try {
            setter.accept(carriers, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        return true;
    }
}
