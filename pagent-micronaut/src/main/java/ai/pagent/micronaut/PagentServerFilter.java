package ai.pagent.micronaut;

import ai.pagent.ForwardScript;
import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import ai.pagent.micronaut.internal.FormFields;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableByteBody;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the browser's variables into the request attribute {@link PagentVariables#ATTRIBUTE}
 * before the handler runs, and serves {@code pagent-forward.js}.
 *
 * <p>Headers and the query string are read at once. An {@code application/x-www-form-urlencoded}
 * body without a header carrier is read from a split of the request's body, buffered without
 * blocking the event loop, before the handler runs: the handler still gets the whole body, however
 * it binds it (single {@code @Body("field")} fields, which Netty's streaming binder serves before
 * the rest of the body arrived, or a {@code @Body} record, after which the decoded form is empty).
 * No other body (JSON, multipart) is ever read.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = VariableCarriers.class)
@Requires(property = "pagent.filter.enabled", notEquals = "false")
final class PagentServerFilter implements Ordered {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final VariableCarriers carriers;
    private final List<String> parameterNames;
    private final List<String> urlPatterns;
    private final boolean everyPath;
    private final @Nullable ForwardScript script;
    private final int order;

    PagentServerFilter(VariableCarriers carriers, PagentProperties properties) {
        this.carriers = carriers;
        this.parameterNames = carriers.parameterNames();
        PagentProperties.Filter filter = properties.getFilter();
        this.urlPatterns = List.copyOf(filter.getUrlPatterns());
        this.everyPath = urlPatterns.contains("/**");
        String path = filter.getScriptPath();
        this.script = path.isBlank() ? null : loadScript(path, carriers);
        this.order = filter.getOrder();
    }

    private static ForwardScript loadScript(String path, VariableCarriers carriers) {
        try {
            return ForwardScript.of(path, carriers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pagent.filter.script-path: " + e.getMessage(), e);
        }
    }

    @Override
    public int getOrder() {
        return order;
    }

    /**
     * Answers a request for the helper script.
     *
     * @return the script's response, or {@code null} to go on
     */
    @RequestFilter
    @Nullable
    HttpResponse<?> script(HttpRequest<?> request) {
        ForwardScript forward = script;
        return forward != null && forward.path().equals(request.getPath()) ? serve(forward, request) : null;
    }

    /**
     * Stores the variables.
     *
     * @return {@code null} to go on at once, or a future that completes with the request once a form
     *     body was read (with the request, not {@code null}: Micronaut 4.10 drops a filter chain whose
     *     future completes with {@code null} after the filter returned, answering 503)
     */
    @RequestFilter
    @Nullable
    CompletableFuture<@Nullable HttpRequest<?>> variables(HttpRequest<?> request) {
        if (!everyPath && !matches(request.getPath())) {
            return null;
        }
        Optional<PagentVariables> fromHeaders =
                carriers.fromHeaders(name -> request.getHeaders().get(name));
        if (fromHeaders.isPresent()) {
            request.setAttribute(PagentVariables.ATTRIBUTE, fromHeaders.get());
            return null;
        }
        if (isForm(request.getHeaders().get(HttpHeaders.CONTENT_TYPE)) && request instanceof ServerHttpRequest) {
            return readForm(request, (ServerHttpRequest<?>) request);
        }
        if (request.getUri().getRawQuery() != null) {
            carriers.fromParameters(name -> request.getParameters().get(name))
                    .ifPresent(v -> request.setAttribute(PagentVariables.ATTRIBUTE, v));
        }
        return null;
    }

    private CompletableFuture<@Nullable HttpRequest<?>> readForm(HttpRequest<?> request, ServerHttpRequest<?> server) {
        Charset charset = request.getCharacterEncoding();
        // A split of the body: the handler's binding reads the original, whole.
        try (CloseableByteBody copy = server.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST)) {
            return copy.buffer()
                    .<@Nullable HttpRequest<?>>thenApply(body -> {
                        Map<String, String> form = FormFields.pick(body.toString(charset), charset, parameterNames);
                        carriers.fromParameters(name -> {
                                    String query = request.getParameters().get(name);
                                    return query != null ? query : form.get(name);
                                })
                                .ifPresent(v -> request.setAttribute(PagentVariables.ATTRIBUTE, v));
                        return request;
                    })
                    // A body that cannot be read is the handler's to report, not ours.
                    .exceptionally(e -> request);
        }
    }

    private boolean matches(String path) {
        for (String pattern : urlPatterns) {
            if (PathMatcher.ANT.matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    static boolean isForm(@Nullable String contentType) {
        if (contentType == null || !contentType.regionMatches(true, 0, FORM, 0, FORM.length())) {
            return false;
        }
        if (contentType.length() == FORM.length()) {
            return true;
        }
        char next = contentType.charAt(FORM.length());
        return next == ';' || next == ' ' || next == '\t';
    }

    private static HttpResponse<?> serve(ForwardScript script, HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return HttpResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "GET, HEAD");
        }
        MutableHttpResponse<?> response;
        if (script.matchesEtag(request.getHeaders().getAll(HttpHeaders.IF_NONE_MATCH))) {
            response = HttpResponse.status(HttpStatus.NOT_MODIFIED);
        } else if (method == HttpMethod.HEAD) {
            response = HttpResponse.ok().contentType(ForwardScript.CONTENT_TYPE).contentLength(script.contentLength());
        } else {
            response = HttpResponse.ok(script.body()).contentType(ForwardScript.CONTENT_TYPE);
        }
        return response.header(HttpHeaders.CACHE_CONTROL, ForwardScript.CACHE_CONTROL)
                .header(HttpHeaders.ETAG, script.etag())
                .header("X-Content-Type-Options", "nosniff");
    }
}
