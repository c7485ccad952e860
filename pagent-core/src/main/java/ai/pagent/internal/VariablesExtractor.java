package ai.pagent.internal;

import ai.pagent.PagentVariables;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link PagentVariables} from a request's carriers, for framework integrations: allocation
 * free when no carrier is present, never throws for what the request contains (a lookup that
 * throws counts as an invalid carrier), and reports each ignored carrier so it can be counted.
 *
 * <p>The one place that decides the carriers' order — JSON header, header values, JSON parameter,
 * parameter values — for {@code VariableCarriers} and every framework module. Knows the carrier
 * names as plain strings (from {@code VariableCarriers#headerNames()} and {@code
 * #parameterNames()}), so that it never reaches back for the public type that uses it.
 */
public final class VariablesExtractor {
    /** Looks a header or parameter up in a request without a capturing lambda per request. */
    @FunctionalInterface
    public interface Lookup<S> {
        /** The first value of {@code name} in {@code source}, {@code null} when absent. */
        @Nullable
        String get(S source, String name);
    }

    /** The four carriers, in order of precedence. */
    public enum Carrier {
        JSON_HEADER,
        HEADERS,
        JSON_PARAMETER,
        PARAMETERS
    }

    /** Why a present carrier was ignored. */
    public enum Rejection {
        /** The JSON is longer than {@link PagentVariables#MAX_JSON_LENGTH}. */
        OVERSIZED,
        /** Malformed JSON, a missing session or user id, or a value that breaks the id rules. */
        INVALID
    }

    /** Told about every carrier that was present but ignored. */
    @FunctionalInterface
    public interface Rejections {
        void rejected(Carrier carrier, Rejection why);
    }

    /** Looks names up through a {@link Function}. */
    public static final Lookup<Function<String, @Nullable String>> FUNCTION = Function::apply;

    /** Ignores rejections. */
    public static final Rejections IGNORE_REJECTIONS = (carrier, why) -> {};

    private final String jsonHeader;
    private final String sessionIdHeader;
    private final String userIdHeader;
    private final String visitIdHeader;
    private final String conversionIdHeader;
    private final String jsonParameter;
    private final String sessionIdParameter;
    private final String userIdParameter;
    private final String visitIdParameter;
    private final String conversionIdParameter;

    /**
     * @param headerNames the JSON header, then the session, user, visit and conversion id headers
     * @param parameterNames the JSON parameter, then the session, user, visit and conversion id
     *     parameters
     */
    public VariablesExtractor(List<String> headerNames, List<String> parameterNames) {
        if (headerNames.size() != 5 || parameterNames.size() != 5) {
            throw new IllegalArgumentException("five header and five parameter names expected");
        }
        this.jsonHeader = headerNames.get(0);
        this.sessionIdHeader = headerNames.get(1);
        this.userIdHeader = headerNames.get(2);
        this.visitIdHeader = headerNames.get(3);
        this.conversionIdHeader = headerNames.get(4);
        this.jsonParameter = parameterNames.get(0);
        this.sessionIdParameter = parameterNames.get(1);
        this.userIdParameter = parameterNames.get(2);
        this.visitIdParameter = parameterNames.get(3);
        this.conversionIdParameter = parameterNames.get(4);
    }

    /**
     * Reads the header carriers, then (only when they hold no valid variables) the parameter
     * carriers; {@code null} when none is present and valid.
     */
    public <H, P> @Nullable PagentVariables extract(
            H headers, Lookup<H> header, P parameters, Lookup<P> parameter, Rejections rejections) {
        PagentVariables v = fromHeaders(headers, header, rejections);
        return v != null ? v : fromParameters(parameters, parameter, rejections);
    }

    /** Whether any of the five headers is present: lets a request without carriers cost five lookups. */
    public <S> boolean anyHeaderPresent(S source, Lookup<S> header) {
        return header.get(source, jsonHeader) != null
                || header.get(source, sessionIdHeader) != null
                || header.get(source, userIdHeader) != null
                || header.get(source, visitIdHeader) != null
                || header.get(source, conversionIdHeader) != null;
    }

    /** Reads the JSON header, then the individual headers; {@code null} when neither is present and valid. */
    public <S> @Nullable PagentVariables fromHeaders(S source, Lookup<S> header, Rejections rejections) {
        PagentVariables v = json(source, header, jsonHeader, Carrier.JSON_HEADER, rejections);
        return v != null
                ? v
                : individual(
                        source,
                        header,
                        sessionIdHeader,
                        userIdHeader,
                        visitIdHeader,
                        conversionIdHeader,
                        Carrier.HEADERS,
                        rejections);
    }

    /** Reads the JSON parameter, then the individual parameters; {@code null} when neither is present and valid. */
    public <S> @Nullable PagentVariables fromParameters(S source, Lookup<S> parameter, Rejections rejections) {
        PagentVariables v = json(source, parameter, jsonParameter, Carrier.JSON_PARAMETER, rejections);
        return v != null
                ? v
                : individual(
                        source,
                        parameter,
                        sessionIdParameter,
                        userIdParameter,
                        visitIdParameter,
                        conversionIdParameter,
                        Carrier.PARAMETERS,
                        rejections);
    }

    private static <S> @Nullable PagentVariables json(
            S source, Lookup<S> lookup, String name, Carrier carrier, Rejections rejections) {
        String text;
        try {
            text = lookup.get(source, name);
        } catch (RuntimeException e) {
            rejections.rejected(carrier, Rejection.INVALID);
            return null;
        }
        // An empty hidden field is what a page without _pgnt submits: absent, not invalid.
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > PagentVariables.MAX_JSON_LENGTH) {
            rejections.rejected(carrier, Rejection.OVERSIZED);
            return null;
        }
        Optional<PagentVariables> parsed = PagentVariables.tryParse(text);
        if (parsed.isEmpty()) {
            rejections.rejected(carrier, Rejection.INVALID);
            return null;
        }
        return parsed.get();
    }

    private static <S> @Nullable PagentVariables individual(
            S source,
            Lookup<S> lookup,
            String sessionName,
            String userName,
            String visitName,
            String conversionName,
            Carrier carrier,
            Rejections rejections) {
        String session;
        String user;
        String visit;
        String conversion;
        try {
            session = lookup.get(source, sessionName);
            user = lookup.get(source, userName);
            visit = lookup.get(source, visitName);
            conversion = lookup.get(source, conversionName);
        } catch (RuntimeException e) {
            rejections.rejected(carrier, Rejection.INVALID);
            return null;
        }
        if (blank(session) && blank(user) && blank(visit) && blank(conversion)) {
            return null;
        }
        Optional<PagentVariables> parsed = PagentVariables.tryParse(session, user, visit, conversion);
        if (parsed.isEmpty()) {
            rejections.rejected(carrier, Rejection.INVALID);
            return null;
        }
        return parsed.get();
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
