package ai.pagent.servlet.internal;

import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import ai.pagent.internal.VariablesExtractor;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds a request's variables: the header carriers up front (cheap), the parameter carriers only
 * when someone asks, and only from the query string or a form-urlencoded body.
 *
 * <p>Request attributes: {@link PagentVariables#ATTRIBUTE} holds the variables once found; {@link
 * #STATE} remembers that the headers were looked at and rejected (this object: parameters still to
 * read), or that nothing was found ({@link #NOTHING}).
 */
public final class RequestVariables {
    /** Context attribute holding the first filter's instance, for requests the filter did not see. */
    public static final String CONTEXT_ATTRIBUTE = RequestVariables.class.getName();

    static final String STATE = RequestVariables.class.getName() + ".state";
    static final Object NOTHING = Boolean.FALSE;

    private static final RequestVariables UNFILTERED =
            new RequestVariables(VariableCarriers.defaults(), new VariablesCounters());

    private static final VariablesExtractor.Lookup<HttpServletRequest> HEADER = HttpServletRequest::getHeader;
    private static final VariablesExtractor.Lookup<HttpServletRequest> PARAMETER = RequestVariables::parameter;

    private final VariableCarriers carriers;
    private final VariablesExtractor extractor; // core's: the carriers' order is decided there
    private final VariablesCounters counters;

    public RequestVariables(VariableCarriers carriers, VariablesCounters counters) {
        this.carriers = carriers;
        this.extractor = new VariablesExtractor(carriers.headerNames(), carriers.parameterNames());
        this.counters = counters;
    }

    public VariableCarriers carriers() {
        return carriers;
    }

    /**
     * Reads the header carriers and records the outcome; adds nothing to a request without one.
     * Called by the filter before the handler runs.
     */
    public void examineHeaders(HttpServletRequest request) {
        // Checking presence first keeps a request without carriers at five lookups and no allocation.
        if (!extractor.anyHeaderPresent(request, HEADER)) {
            return;
        }
        if (request.getAttribute(PagentVariables.ATTRIBUTE) != null || request.getAttribute(STATE) != null) {
            return; // seen before this forward or async dispatch
        }
        PagentVariables found = extractor.fromHeaders(request, HEADER, counters);
        if (found != null) {
            counters.resolved();
            request.setAttribute(PagentVariables.ATTRIBUTE, found);
        } else {
            request.setAttribute(STATE, this);
        }
    }

    /** The variables of {@code request}: cached, or resolved now and cached. Never throws for the request's content. */
    public static Optional<PagentVariables> variables(HttpServletRequest request) {
        Object cached = request.getAttribute(PagentVariables.ATTRIBUTE);
        if (cached instanceof PagentVariables) {
            return Optional.of((PagentVariables) cached);
        }
        Object state = request.getAttribute(STATE);
        PagentVariables found;
        if (state instanceof RequestVariables) {
            found = ((RequestVariables) state).fromParameters(request);
        } else if (state != null) {
            return Optional.empty();
        } else {
            found = forContext(request).fromHeadersAndParameters(request);
        }
        if (found == null) {
            request.setAttribute(STATE, NOTHING);
            return Optional.empty();
        }
        request.setAttribute(PagentVariables.ATTRIBUTE, found);
        request.removeAttribute(STATE);
        return Optional.of(found);
    }

    private @Nullable PagentVariables fromParameters(HttpServletRequest request) {
        return counted(extractor.fromParameters(request, PARAMETER, counters));
    }

    private @Nullable PagentVariables fromHeadersAndParameters(HttpServletRequest request) {
        return counted(extractor.extract(request, HEADER, request, PARAMETER, counters));
    }

    private @Nullable PagentVariables counted(@Nullable PagentVariables v) {
        if (v != null) {
            counters.resolved();
        }
        return v;
    }

    private static RequestVariables forContext(HttpServletRequest request) {
        ServletContext context;
        try {
            context = request.getServletContext();
        } catch (RuntimeException e) {
            return UNFILTERED; // a request wrapper or mock without a context
        }
        Object configured = context == null ? null : context.getAttribute(CONTEXT_ATTRIBUTE);
        return configured instanceof RequestVariables ? (RequestVariables) configured : UNFILTERED;
    }

    /**
     * A parameter from the query string, or through the container for a form-urlencoded body (which
     * parses the body once; the handler has read its form by the time anyone asks). Never from a
     * JSON or multipart body.
     */
    private static @Nullable String parameter(HttpServletRequest request, String name) {
        if (isForm(request.getContentType())) {
            return request.getParameter(name);
        }
        String value = QueryString.first(request.getQueryString(), name);
        if (value == null && request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING) instanceof String) {
            value = QueryString.first((String) request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING), name);
        }
        return value;
    }

    static boolean isForm(@Nullable String contentType) {
        return contentType != null
                && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                && (contentType.length() == 33 || contentType.charAt(33) == ';' || contentType.charAt(33) == ' ');
    }
}
