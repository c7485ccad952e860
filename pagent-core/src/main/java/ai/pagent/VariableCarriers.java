package ai.pagent;

import ai.pagent.internal.VariablesExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where a request carries the browser's {@link PagentVariables}, and how to read them from any web
 * framework's request. Four carriers, first valid one wins:
 *
 * <ol>
 *   <li>header {@code X-Pagent-Variables}: the JSON object {@code _pgnt.variables(label)} returns;
 *   <li>headers {@code X-Pagent-Session-Id}, {@code X-Pagent-User-Id}, {@code X-Pagent-Visit-Id},
 *       {@code X-Pagent-Conversion-Id};
 *   <li>parameter {@code _pgnt}: the same JSON object, usually a hidden form field;
 *   <li>parameters {@code _pgnt_session_id}, {@code _pgnt_user_id}, {@code _pgnt_visit_id},
 *       {@code _pgnt_conversion_id}.
 * </ol>
 *
 * A carrier that is present but malformed, oversized or invalid is ignored and the next one is
 * tried; nothing here throws for what a request contains. Headers are cheap to read, so
 * integrations read them first and the parameters (which may mean parsing a form body) only when
 * the variables are asked for.
 *
 * <pre>{@code
 * VariableCarriers carriers = VariableCarriers.defaults();
 * Optional<PagentVariables> v = carriers.extract(request::getHeader, request::getParameter);
 *
 * // Other names, e.g. behind a proxy that renames headers:
 * VariableCarriers custom = VariableCarriers.builder().jsonHeader("X-Shop-Pgnt").build();
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class VariableCarriers {
    private static final VariablesExtractor.Rejections IGNORE_REJECTIONS = VariablesExtractor.IGNORE_REJECTIONS;
    private static final VariableCarriers DEFAULTS = new Builder().build();

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
    private final VariablesExtractor extractor;

    private VariableCarriers(Builder b) {
        this.jsonHeader = b.jsonHeader;
        this.sessionIdHeader = b.sessionIdHeader;
        this.userIdHeader = b.userIdHeader;
        this.visitIdHeader = b.visitIdHeader;
        this.conversionIdHeader = b.conversionIdHeader;
        this.jsonParameter = b.jsonParameter;
        this.sessionIdParameter = b.sessionIdParameter;
        this.userIdParameter = b.userIdParameter;
        this.visitIdParameter = b.visitIdParameter;
        this.conversionIdParameter = b.conversionIdParameter;
        this.extractor = new VariablesExtractor(headerNames(), parameterNames());
    }

    /** The documented names: {@code X-Pagent-Variables}, {@code X-Pagent-Session-Id}, …, {@code _pgnt}, … */
    public static VariableCarriers defaults() {
        return DEFAULTS;
    }

    /** Starts from the {@linkplain #defaults() default names}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these names, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads the variables from a request: headers first, then parameters, first valid carrier wins.
     *
     * @param header the request's header value for a name, {@code null} when absent (e.g. {@code
     *     request::getHeader})
     * @param parameter the request's parameter value for a name, {@code null} when absent; called
     *     only when no header carries valid variables
     * @return the variables, or empty when no carrier is present or none is valid
     */
    public Optional<PagentVariables> extract(
            Function<String, @Nullable String> header, Function<String, @Nullable String> parameter) {
        return Optional.ofNullable(extractor.extract(
                header, VariablesExtractor.FUNCTION, parameter, VariablesExtractor.FUNCTION, IGNORE_REJECTIONS));
    }

    /** Reads the variables from the two header carriers only; empty when neither is present and valid. */
    public Optional<PagentVariables> fromHeaders(Function<String, @Nullable String> header) {
        return Optional.ofNullable(extractor.fromHeaders(header, VariablesExtractor.FUNCTION, IGNORE_REJECTIONS));
    }

    /** Reads the variables from the two parameter carriers only; empty when neither is present and valid. */
    public Optional<PagentVariables> fromParameters(Function<String, @Nullable String> parameter) {
        return Optional.ofNullable(extractor.fromParameters(parameter, VariablesExtractor.FUNCTION, IGNORE_REJECTIONS));
    }

    /** Header holding the JSON object ({@code X-Pagent-Variables}). */
    public String jsonHeader() {
        return jsonHeader;
    }

    /** Header holding the session id ({@code X-Pagent-Session-Id}). */
    public String sessionIdHeader() {
        return sessionIdHeader;
    }

    /** Header holding the user id ({@code X-Pagent-User-Id}). */
    public String userIdHeader() {
        return userIdHeader;
    }

    /** Header holding the visit id ({@code X-Pagent-Visit-Id}). */
    public String visitIdHeader() {
        return visitIdHeader;
    }

    /** Header holding the conversion id ({@code X-Pagent-Conversion-Id}). */
    public String conversionIdHeader() {
        return conversionIdHeader;
    }

    /** Parameter holding the JSON object ({@code _pgnt}). */
    public String jsonParameter() {
        return jsonParameter;
    }

    /** Parameter holding the session id ({@code _pgnt_session_id}). */
    public String sessionIdParameter() {
        return sessionIdParameter;
    }

    /** Parameter holding the user id ({@code _pgnt_user_id}). */
    public String userIdParameter() {
        return userIdParameter;
    }

    /** Parameter holding the visit id ({@code _pgnt_visit_id}). */
    public String visitIdParameter() {
        return visitIdParameter;
    }

    /** Parameter holding the conversion id ({@code _pgnt_conversion_id}). */
    public String conversionIdParameter() {
        return conversionIdParameter;
    }

    /** The five parameter names, JSON parameter first. */
    public List<String> parameterNames() {
        return List.of(jsonParameter, sessionIdParameter, userIdParameter, visitIdParameter, conversionIdParameter);
    }

    /** The five header names, JSON header first. */
    public List<String> headerNames() {
        return List.of(jsonHeader, sessionIdHeader, userIdHeader, visitIdHeader, conversionIdHeader);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof VariableCarriers
                && headerNames().equals(((VariableCarriers) o).headerNames())
                && parameterNames().equals(((VariableCarriers) o).parameterNames());
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerNames(), parameterNames());
    }

    @Override
    public String toString() {
        return "VariableCarriers{headers=" + headerNames() + ", parameters=" + parameterNames() + "}";
    }

    /**
     * Changes carrier names. Header names must be HTTP tokens; parameter names non-blank without
     * control characters. {@link #build()} checks them all.
     */
    public static final class Builder {
        private String jsonHeader = "X-Pagent-Variables";
        private String sessionIdHeader = "X-Pagent-Session-Id";
        private String userIdHeader = "X-Pagent-User-Id";
        private String visitIdHeader = "X-Pagent-Visit-Id";
        private String conversionIdHeader = "X-Pagent-Conversion-Id";
        private String jsonParameter = "_pgnt";
        private String sessionIdParameter = "_pgnt_session_id";
        private String userIdParameter = "_pgnt_user_id";
        private String visitIdParameter = "_pgnt_visit_id";
        private String conversionIdParameter = "_pgnt_conversion_id";

        private Builder() {}

        private Builder(VariableCarriers c) {
            jsonHeader = c.jsonHeader;
            sessionIdHeader = c.sessionIdHeader;
            userIdHeader = c.userIdHeader;
            visitIdHeader = c.visitIdHeader;
            conversionIdHeader = c.conversionIdHeader;
            jsonParameter = c.jsonParameter;
            sessionIdParameter = c.sessionIdParameter;
            userIdParameter = c.userIdParameter;
            visitIdParameter = c.visitIdParameter;
            conversionIdParameter = c.conversionIdParameter;
        }

        /** Header holding the JSON object (default {@code X-Pagent-Variables}). */
        public Builder jsonHeader(String name) {
            this.jsonHeader = Objects.requireNonNull(name, "jsonHeader");
            return this;
        }

        /** Header holding the session id (default {@code X-Pagent-Session-Id}). */
        public Builder sessionIdHeader(String name) {
            this.sessionIdHeader = Objects.requireNonNull(name, "sessionIdHeader");
            return this;
        }

        /** Header holding the user id (default {@code X-Pagent-User-Id}). */
        public Builder userIdHeader(String name) {
            this.userIdHeader = Objects.requireNonNull(name, "userIdHeader");
            return this;
        }

        /** Header holding the visit id (default {@code X-Pagent-Visit-Id}). */
        public Builder visitIdHeader(String name) {
            this.visitIdHeader = Objects.requireNonNull(name, "visitIdHeader");
            return this;
        }

        /** Header holding the conversion id (default {@code X-Pagent-Conversion-Id}). */
        public Builder conversionIdHeader(String name) {
            this.conversionIdHeader = Objects.requireNonNull(name, "conversionIdHeader");
            return this;
        }

        /** Parameter holding the JSON object (default {@code _pgnt}). */
        public Builder jsonParameter(String name) {
            this.jsonParameter = Objects.requireNonNull(name, "jsonParameter");
            return this;
        }

        /** Parameter holding the session id (default {@code _pgnt_session_id}). */
        public Builder sessionIdParameter(String name) {
            this.sessionIdParameter = Objects.requireNonNull(name, "sessionIdParameter");
            return this;
        }

        /** Parameter holding the user id (default {@code _pgnt_user_id}). */
        public Builder userIdParameter(String name) {
            this.userIdParameter = Objects.requireNonNull(name, "userIdParameter");
            return this;
        }

        /** Parameter holding the visit id (default {@code _pgnt_visit_id}). */
        public Builder visitIdParameter(String name) {
            this.visitIdParameter = Objects.requireNonNull(name, "visitIdParameter");
            return this;
        }

        /** Parameter holding the conversion id (default {@code _pgnt_conversion_id}). */
        public Builder conversionIdParameter(String name) {
            this.conversionIdParameter = Objects.requireNonNull(name, "conversionIdParameter");
            return this;
        }

        /**
         * Checks every name and creates the carriers.
         *
         * @throws IllegalArgumentException naming each setting whose name is not usable
         */
        public VariableCarriers build() {
            List<String> problems = new ArrayList<>(0);
            header(problems, "jsonHeader", jsonHeader);
            header(problems, "sessionIdHeader", sessionIdHeader);
            header(problems, "userIdHeader", userIdHeader);
            header(problems, "visitIdHeader", visitIdHeader);
            header(problems, "conversionIdHeader", conversionIdHeader);
            parameter(problems, "jsonParameter", jsonParameter);
            parameter(problems, "sessionIdParameter", sessionIdParameter);
            parameter(problems, "userIdParameter", userIdParameter);
            parameter(problems, "visitIdParameter", visitIdParameter);
            parameter(problems, "conversionIdParameter", conversionIdParameter);
            VariableCarriers built = new VariableCarriers(this);
            distinct(problems, "header", built.headerNames(), true);
            distinct(problems, "parameter", built.parameterNames(), false);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid VariableCarriers: " + String.join("; ", problems));
            }
            return built;
        }

        private static void header(List<String> problems, String setting, String name) {
            if (name.isEmpty() || name.length() > 128 || !name.chars().allMatch(Builder::isTokenChar)) {
                problems.add(setting + " must be an HTTP header name (letters, digits, - and"
                        + " !#$%&'*+.^_`|~, at most 128), got " + quoted(name));
            }
        }

        private static void parameter(List<String> problems, String setting, String name) {
            if (name.isBlank()
                    || name.length() > 128
                    || name.chars()
                            .anyMatch(c -> Character.isISOControl(c)
                                    || Character.isWhitespace(c)
                                    || c == '&'
                                    || c == '='
                                    || c == '#'
                                    || c == '%'
                                    || c == '+')) {
                problems.add(setting + " must be a parameter name without spaces, control characters or"
                        + " &=#%+ (at most 128), got " + quoted(name));
            }
        }

        private static void distinct(List<String> problems, String kind, List<String> names, boolean ignoreCase) {
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    String a = names.get(i);
                    String b = names.get(j);
                    if (ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b)) {
                        problems.add(kind + " names must differ, " + quoted(a) + " is used twice");
                    }
                }
            }
        }

        private static boolean isTokenChar(int c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private static String quoted(String name) {
            StringBuilder out = new StringBuilder(name.length() + 2).append('"');
            name.codePoints().limit(64).forEach(c -> {
                if (Character.isISOControl(c)) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return out.append('"').toString();
        }
    }
}
