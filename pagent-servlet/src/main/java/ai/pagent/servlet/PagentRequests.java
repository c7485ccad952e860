package ai.pagent.servlet;

import ai.pagent.PagentVariables;
import ai.pagent.servlet.internal.RequestVariables;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The pagent variables of the current request, for handlers and framework integrations.
 *
 * <pre>{@code
 * protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *     Order order = checkout(req.getParameter("cart"));
 *     PagentRequests.variables(req).ifPresent(v -> client.track(Conversion.builder()
 *             .variables(v).label("checkout").revenueCents(order.totalCents()).build()));
 * }
 * }</pre>
 */
public final class PagentRequests {
    private PagentRequests() {}

    /**
     * The browser's variables sent with {@code request}, or empty when it carries none or only
     * invalid ones. The first call reads whatever the {@link PagentFilter} left to read (the query
     * string, or a form-urlencoded body through {@code getParameter}, never any other body) and
     * caches the answer in the request attribute {@link PagentVariables#ATTRIBUTE}; later calls,
     * forwards and async dispatches of the same request reuse it. Works without the filter too, with
     * the default carrier names or those of the web app's first {@code PagentFilter}. Never throws
     * for anything the request contains; safe from any thread that may use the request.
     */
    public static Optional<PagentVariables> variables(HttpServletRequest request) {
        return RequestVariables.variables(request);
    }
}
