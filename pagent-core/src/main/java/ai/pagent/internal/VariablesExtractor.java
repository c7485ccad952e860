package ai.pagent.internal;

import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link PagentVariables} from a request's carriers, for framework integrations: allocation
 * free when no carrier is present, never throws for what the request contains (a lookup that
 * throws counts as an invalid carrier), and reports each ignored carrier so it can be counted.
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

    private VariablesExtractor() {}

    /** Reads the JSON header, then the individual headers; {@code null} when neither is present and valid. */
    public static <S> @Nullable PagentVariables fromHeaders(
            VariableCarriers names, S source, Lookup<S> header, Rejections rejections) {
        PagentVariables v = json(source, header, names.jsonHeader(), Carrier.JSON_HEADER, rejections);
        return v != null
                ? v
                : individual(
                        source,
                        header,
                        names.sessionIdHeader(),
                        names.userIdHeader(),
                        names.visitIdHeader(),
                        names.conversionIdHeader(),
                        Carrier.HEADERS,
                        rejections);
    }

    /** Reads the JSON parameter, then the individual parameters; {@code null} when neither is present and valid. */
    public static <S> @Nullable PagentVariables fromParameters(
            VariableCarriers names, S source, Lookup<S> parameter, Rejections rejections) {
        PagentVariables v = json(source, parameter, names.jsonParameter(), Carrier.JSON_PARAMETER, rejections);
        return v != null
                ? v
                : individual(
                        source,
                        parameter,
                        names.sessionIdParameter(),
                        names.userIdParameter(),
                        names.visitIdParameter(),
                        names.conversionIdParameter(),
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
