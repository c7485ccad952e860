package ai.pagent.micronaut;

import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/** A request's variables: what the server filter stored, else its headers and query string. */
final class RequestVariables {
    private RequestVariables() {}

    static Optional<PagentVariables> of(HttpRequest<?> request, VariableCarriers carriers) {
        Optional<PagentVariables> stored = request.getAttribute(PagentVariables.ATTRIBUTE, PagentVariables.class);
        if (stored.isPresent()) {
            return stored;
        }
        // The filter is off for this path (or altogether): headers and query only, never the body.
        return carriers.extract(
                name -> request.getHeaders().get(name),
                name -> request.getParameters().get(name));
    }
}
