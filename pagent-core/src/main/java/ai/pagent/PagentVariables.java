package ai.pagent;

import ai.pagent.internal.Ids;
import ai.pagent.internal.VariablesJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The browser's {@code window._pgnt.variables(label)} result on the server: which session, visitor,
 * page view and goal a request belongs to. Always valid: the constructor checks every value, with
 * the same rules as {@link Conversion}.
 *
 * <pre>{@code
 * // In the page: form._pgnt.value = JSON.stringify(window._pgnt.variables("checkout"));
 * // Browser input: never throws, empty when absent or invalid.
 * Optional<PagentVariables> v = PagentVariables.tryParse(request.getParameter("_pgnt"));
 * v.ifPresent(vars -> client.track(Conversion.builder().variables(vars).revenueCents(999).build()));
 *
 * String stored = vars.toJson();                           // keep it with the order...
 * PagentVariables later = PagentVariables.fromJson(stored); // ...and convert from the webhook
 * }</pre>
 *
 * <p>Two kinds of entry points: {@link #fromJson(String)}, {@link #parse(String)} and {@link
 * #of(String, String, String, String)} are strict and throw {@link IllegalArgumentException} naming
 * the field and the rule (for values the app wrote itself); the {@code tryParse} methods return
 * {@link Optional} and never throw (for what a browser sent).
 *
 * @param sessionId the browser session ({@code session_id}); required
 * @param userId the visitor's persistent id ({@code user_id}); required
 * @param visitId the page view ({@code visit_id}); not sent to pagent, kept for the app's own use
 * @param conversionId the UUID of the goal whose label matched ({@code conversion_id}), {@code null}
 *     when none matched
 */
public record PagentVariables(
        String sessionId,
        String userId,
        @Nullable String visitId,
        @Nullable String conversionId) {

    /** The request attribute under which framework integrations cache a request's variables. */
    public static final String ATTRIBUTE = "ai.pagent.PagentVariables";

    /** Longest JSON accepted by the lenient {@link #tryParse(String)}, in characters. */
    public static final int MAX_JSON_LENGTH = 2048;

    /**
     * Validates the values: ids not blank, at most 256 characters, no control characters; {@code
     * conversionId} a UUID when present.
     *
     * @throws IllegalArgumentException naming every invalid field
     */
    public PagentVariables {
        @Nullable List<String> problems = null;
        // The constructor is the one place that validates: the parsers below only pass values.
        problems = check(problems, "session_id", Ids.idProblem(sessionId));
        problems = check(problems, "user_id", Ids.idProblem(userId));
        problems = check(problems, "visit_id", Ids.optionalIdProblem(visitId));
        problems = check(problems, "conversion_id", conversionId == null ? null : Ids.uuidProblem(conversionId));
        if (problems != null) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Creates validated variables from individual values.
     *
     * @throws IllegalArgumentException naming every invalid field
     */
    public static PagentVariables of(
            String sessionId, String userId, @Nullable String visitId, @Nullable String conversionId) {
        return new PagentVariables(sessionId, userId, visitId, conversionId);
    }

    /**
     * Reads the JSON object as {@code _pgnt.variables()} returns it or {@link #toJson()} writes it.
     * Unknown keys are ignored; the four ids must be strings ({@code visit_id} and {@code
     * conversion_id} may be {@code null}). Strict: for JSON the app stored itself; read what a
     * browser sent with {@link #tryParse(String)}.
     *
     * @throws IllegalArgumentException when {@code json} is {@code null} or malformed, or a value is
     *     invalid, naming the field and the rule
     */
    public static PagentVariables fromJson(@Nullable String json) {
        if (json == null) {
            throw new IllegalArgumentException("variables JSON is required, was null");
        }
        @Nullable String[] ids = VariablesJson.read(json);
        return new PagentVariables(ids[0], ids[1], ids[2], ids[3]);
    }

    /**
     * The same as {@link #fromJson(String)}, under the name Java's own parsers use ({@code
     * Duration.parse}).
     *
     * @throws IllegalArgumentException when {@code json} is {@code null} or malformed, or a value is
     *     invalid, naming the field and the rule
     */
    public static PagentVariables parse(@Nullable String json) {
        return fromJson(json);
    }

    /**
     * Reads the JSON object a browser sent, for untrusted input such as a header or a form field:
     * empty, never an exception, when the text is absent, longer than {@value #MAX_JSON_LENGTH}
     * characters, malformed, or holds invalid values.
     *
     * <pre>{@code
     * PagentVariables.tryParse(form.pgnt()).ifPresent(v -> client.track(...));
     * }</pre>
     */
    public static Optional<PagentVariables> tryParse(@Nullable String json) {
        if (json == null || json.length() > MAX_JSON_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(json));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Builds variables from individual header or parameter values a browser sent: blank values
     * count as absent; empty, never an exception, when the session or user id is absent or any
     * present value is invalid.
     */
    public static Optional<PagentVariables> tryParse(
            @Nullable String sessionId,
            @Nullable String userId,
            @Nullable String visitId,
            @Nullable String conversionId) {
        String session = presentOrNull(sessionId);
        String user = presentOrNull(userId);
        if (session == null || user == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PagentVariables(session, user, presentOrNull(visitId), presentOrNull(conversionId)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code {"session_id":...,"user_id":...,"visit_id":...,"conversion_id":...}}, absent
     * values as {@code null}; {@link #fromJson(String)} reads it back.
     */
    public String toJson() {
        return VariablesJson.write(sessionId, userId, visitId, conversionId);
    }

    private static @Nullable String presentOrNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static @Nullable List<String> check(
            @Nullable List<String> problems, String field, @Nullable String problem) {
        if (problem == null) {
            return problems;
        }
        List<String> list = problems == null ? new ArrayList<>(2) : problems;
        list.add(field + ": " + problem);
        return list;
    }
}
