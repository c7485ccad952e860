package ai.pagent.spring;

import ai.pagent.ForwardScript;
import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Brings the browser's pagent variables to Spring WebFlux handlers: puts them in the exchange
 * attribute {@link PagentVariables#ATTRIBUTE} and in the Reactor context, where {@link
 * TrackConversion} on a handler returning {@code Mono} or {@code Flux} finds them.
 *
 * <p>The carriers are those of {@link VariableCarriers} (headers first, then the query string and
 * the form). The form is read only for {@code application/x-www-form-urlencoded} requests, through
 * {@link ServerWebExchange#getFormData()}, which caches the decoded form: handlers binding the form
 * ({@code @ModelAttribute}, {@code getFormData()}) get the same data; a handler that reads such a body
 * raw with {@code @RequestBody} would find it consumed. No other body is read. Invalid carriers are
 * ignored, never thrown at the request.
 *
 * <p>It also serves {@code pagent-forward.js}, the browser helper that sends the variables with
 * fetches and forms, at {@value #DEFAULT_SCRIPT_PATH} unless configured otherwise: {@code GET} and
 * {@code HEAD} with a strong ETag ({@code 304} when the browser's copy is current), {@code 405} for
 * other methods. In a page: {@code <script src="/_pagent/forward.js" defer></script>}.
 *
 * <pre>{@code
 * @Bean
 * PagentWebFilter pagentWebFilter() {
 *     return new PagentWebFilter();
 * }
 * }</pre>
 */
public final class PagentWebFilter implements WebFilter, Ordered {
    /** The order unless configured: early, before security and other application filters. */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    /** Where the browser helper script is served unless configured otherwise. */
    public static final String DEFAULT_SCRIPT_PATH = "/_pagent/forward.js";

    private final VariableCarriers carriers;
    private final int order;
    private final @Nullable ForwardScript script;

    /** A filter with the default carrier names, order and script path. */
    public PagentWebFilter() {
        this(VariableCarriers.defaults(), DEFAULT_ORDER);
    }

    /** A filter with these carrier names and this order among the web filters, serving the script at the default path. */
    public PagentWebFilter(VariableCarriers carriers, int order) {
        this(carriers, order, DEFAULT_SCRIPT_PATH);
    }

    /**
     * A filter with these carrier names and this order among the web filters, serving {@code
     * pagent-forward.js} at {@code scriptPath} (an empty string: not at all).
     *
     * @throws IllegalArgumentException when {@code scriptPath} is neither empty nor a path starting
     *     with {@code /} without spaces, {@code ?} or {@code #}
     */
    public PagentWebFilter(VariableCarriers carriers, int order, String scriptPath) {
        this.carriers = Objects.requireNonNull(carriers, "carriers");
        this.order = order;
        this.script = Objects.requireNonNull(scriptPath, "scriptPath").isEmpty()
                ? null
                : ForwardScript.of(scriptPath, carriers);
    }

    /** The variables the filter found on {@code exchange}; empty when it carries none (or no filter ran). */
    public static Optional<PagentVariables> variables(ServerWebExchange exchange) {
        Object v = exchange.getAttribute(PagentVariables.ATTRIBUTE);
        return v instanceof PagentVariables ? Optional.of((PagentVariables) v) : Optional.empty();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ForwardScript forward = script;
        if (forward != null
                && forward.path()
                        .equals(exchange.getRequest()
                                .getPath()
                                .pathWithinApplication()
                                .value())) {
            return serve(forward, exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        if (!isForm(headers)) {
            return proceed(exchange, chain, extract(headers, query::getFirst));
        }
        return exchange.getFormData()
                .map(form -> extract(headers, name -> first(query, form, name)))
                .onErrorResume(e -> Mono.just(extract(headers, query::getFirst)))
                .defaultIfEmpty(Optional.empty())
                .flatMap(found -> proceed(exchange, chain, found));
    }

    @Override
    public int getOrder() {
        return order;
    }

    /** The carrier names in use. */
    public VariableCarriers carriers() {
        return carriers;
    }

    /** Where {@code pagent-forward.js} is served; empty when it is not. */
    public Optional<String> scriptPath() {
        ForwardScript forward = script;
        return forward == null ? Optional.empty() : Optional.of(forward.path());
    }

    @Override
    public String toString() {
        return "PagentWebFilter{order=" + order + ", script=" + scriptPath().orElse("off") + ", " + carriers + "}";
    }

    private static Mono<Void> serve(ForwardScript script, ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            headers.setAllow(Set.of(HttpMethod.GET, HttpMethod.HEAD));
            return response.setComplete();
        }
        headers.set(HttpHeaders.CACHE_CONTROL, ForwardScript.CACHE_CONTROL);
        headers.set(HttpHeaders.ETAG, script.etag());
        headers.set("X-Content-Type-Options", "nosniff");
        // getIfNoneMatch() links on Spring Framework 6.2 and 7 alike; getOrEmpty takes an Object on 6.2.
        if (script.matchesEtag(exchange.getRequest().getHeaders().getIfNoneMatch())) {
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return response.setComplete();
        }
        headers.set(HttpHeaders.CONTENT_TYPE, ForwardScript.CONTENT_TYPE);
        headers.setContentLength(script.contentLength());
        if (HttpMethod.HEAD.equals(method)) {
            return response.setComplete();
        }
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(script.body())));
    }

    private Optional<PagentVariables> extract(HttpHeaders headers, Function<String, @Nullable String> parameter) {
        try {
            return carriers.extract(headers::getFirst, parameter);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Mono<Void> proceed(
            ServerWebExchange exchange, WebFilterChain chain, Optional<PagentVariables> found) {
        if (found.isEmpty()) {
            return chain.filter(exchange);
        }
        PagentVariables variables = found.get();
        exchange.getAttributes().put(PagentVariables.ATTRIBUTE, variables);
        return chain.filter(exchange).contextWrite(context -> context.put(PagentVariables.ATTRIBUTE, variables));
    }

    private static boolean isForm(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (RuntimeException e) {
            return false;
        }
        return type != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type);
    }

    private static @Nullable String first(
            MultiValueMap<String, String> query, MultiValueMap<String, String> form, String name) {
        String value = query.getFirst(name);
        return value != null ? value : form.getFirst(name);
    }
}
