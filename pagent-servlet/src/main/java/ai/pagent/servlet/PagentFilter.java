package ai.pagent.servlet;

import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import ai.pagent.servlet.internal.FilterSettings;
import ai.pagent.servlet.internal.RequestVariables;
import ai.pagent.servlet.internal.ScriptEndpoint;
import ai.pagent.servlet.internal.UrlPatterns;
import ai.pagent.servlet.internal.VariablesCounters;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Brings the browser's pagent variables ({@code window._pgnt.variables(label)}) to the server, and
 * serves {@code pagent-forward.js}, the helper that sends them.
 *
 * <p>Before the handler runs, the filter reads the header carriers ({@code X-Pagent-Variables}, or
 * {@code X-Pagent-Session-Id} and friends) and, when they hold valid variables, puts them in the
 * request attribute {@link PagentVariables#ATTRIBUTE}. Parameter carriers ({@code _pgnt} as a
 * hidden form field or query parameter) are read only when {@link PagentRequests#variables} asks,
 * normally after the handler has read its own form. The filter never wraps the request and never
 * reads a JSON or multipart body: the handler gets every byte. A request without carriers gets
 * nothing added. Invalid carriers are ignored and counted in {@link #stats()}; nothing from the
 * request is logged.
 *
 * <pre>{@code
 * // Programmatic (ServletContainerInitializer, Jetty or Tomcat embedded):
 * PagentFilter.builder()
 *         .urlPatterns("/checkout/*", "/api/*")
 *         .build()
 *         .register(servletContext);
 *
 * // In the checkout handler:
 * PagentRequests.variables(request).ifPresent(v ->
 *         client.track(Conversion.builder().variables(v).label("checkout").revenueCents(999).build()));
 * }</pre>
 *
 * In {@code web.xml}, declare the class with {@code <async-supported>true</async-supported>} and
 * map it to {@code /*} (or your patterns and the script path). Init parameters, all optional:
 * {@code variables.json-header}, {@code variables.session-id-header}, {@code
 * variables.user-id-header}, {@code variables.visit-id-header}, {@code
 * variables.conversion-id-header}, {@code variables.json-parameter}, {@code
 * variables.session-id-parameter}, {@code variables.user-id-parameter}, {@code
 * variables.visit-id-parameter}, {@code variables.conversion-id-parameter} (carrier names), {@code
 * url-patterns} (comma separated, default {@code /*}), {@code script-path} (default {@value
 * #DEFAULT_SCRIPT_PATH}) and {@code serve-script} ({@code true}).
 *
 * <p>In a page: {@code <script src="/_pagent/forward.js" defer></script>}, then {@code <form
 * data-pgnt-goal="checkout">} or {@code fetch(url, {headers: pagentForward.headers("checkout")})}.
 * The field is added on the {@code submit} event, so submit with a button or {@code
 * form.requestSubmit()} ({@code form.submit()} fires no event). A multipart form's field is in its
 * body, which the filter does not read: parse it yourself with {@link
 * PagentVariables#tryParse(String)}.
 */
public final class PagentFilter implements Filter {
    /** Where the filter serves {@code pagent-forward.js} unless configured otherwise. */
    public static final String DEFAULT_SCRIPT_PATH = "/_pagent/forward.js";

    /** The filter name {@link #register(ServletContext)} uses. */
    public static final String DEFAULT_NAME = "pagentFilter";

    private final VariablesCounters counters = new VariablesCounters();
    private final Builder configured;
    private volatile Settings settings;
    private volatile @Nullable ServletContext context;

    /** A filter with the default carriers, patterns and script path, for {@code web.xml}. */
    public PagentFilter() {
        this(new Builder());
    }

    private PagentFilter(Builder builder) {
        this.configured = builder.copy();
        this.settings = new Settings(configured, counters);
    }

    /** Starts configuring a filter. */
    public static Builder builder() {
        return new Builder();
    }

    /** Applies the filter's init parameters, if any, over the builder's settings. */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        Builder b = configured.copy();
        Settings s;
        try {
            FilterSettings.Values v = FilterSettings.read(b.carriers, filterConfig::getInitParameter, "variables.", "");
            b.carriers(v.carriers());
            if (v.urlPatterns() != null) {
                b.urlPatterns(v.urlPatterns());
            }
            if (v.scriptPath() != null) {
                b.scriptPath(v.scriptPath());
            }
            if (v.serveScript() != null) {
                b.serveScript(v.serveScript());
            }
            s = new Settings(b, counters);
        } catch (IllegalArgumentException e) {
            throw new UnavailableException("PagentFilter " + filterConfig.getFilterName() + ": " + e.getMessage());
        }
        settings = s;
        ServletContext ctx = filterConfig.getServletContext();
        if (ctx != null && ctx.getAttribute(RequestVariables.CONTEXT_ATTRIBUTE) == null) {
            ctx.setAttribute(RequestVariables.CONTEXT_ATTRIBUTE, s.variables);
            context = ctx;
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest && response instanceof HttpServletResponse) {
            HttpServletRequest http = (HttpServletRequest) request;
            Settings s = settings;
            ScriptEndpoint script = s.script;
            if (script != null && script.isRequestFor(http) && http.getDispatcherType() == DispatcherType.REQUEST) {
                script.serve(http, (HttpServletResponse) response);
                return;
            }
            if (s.patterns.matches(http)) {
                try {
                    s.variables.examineHeaders(http);
                } catch (RuntimeException e) {
                    // A broken request wrapper must not fail the request: it just carries no variables.
                }
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        ServletContext ctx = context;
        if (ctx != null && ctx.getAttribute(RequestVariables.CONTEXT_ATTRIBUTE) == settings.variables) {
            ctx.removeAttribute(RequestVariables.CONTEXT_ATTRIBUTE);
        }
        context = null;
    }

    /**
     * Adds this filter to a web app that is starting: named {@value #DEFAULT_NAME}, async
     * supported, for {@code REQUEST}, {@code FORWARD} and {@code ASYNC} dispatches, before the
     * filters of {@code web.xml}, mapped to the URL patterns and the script path.
     *
     * @throws IllegalStateException when the context has already started, or has a filter of that
     *     name
     */
    public FilterRegistration.Dynamic register(ServletContext servletContext) {
        FilterRegistration.Dynamic registration = servletContext.addFilter(DEFAULT_NAME, this);
        if (registration == null) {
            throw new IllegalStateException("the web app already has a filter named " + DEFAULT_NAME);
        }
        registration.setAsyncSupported(true);
        Settings s = settings;
        List<String> mapping = new ArrayList<>(s.patterns.patterns());
        if (s.script != null && !s.patterns.matchesAll()) {
            mapping.add(s.script.path());
        }
        registration.addMappingForUrlPatterns(
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC),
                false,
                mapping.toArray(new String[0]));
        return registration;
    }

    /** What the filter has found and ignored so far. */
    public Stats stats() {
        return new Stats(counters.resolvedCount(), counters.rejectedCount(), counters.oversizedCount());
    }

    /** The carrier names in use. */
    public VariableCarriers carriers() {
        return settings.variables.carriers();
    }

    /** The URL patterns whose requests the filter examines. */
    public List<String> urlPatterns() {
        return settings.patterns.patterns();
    }

    @Override
    public String toString() {
        Settings s = settings;
        return "PagentFilter{urlPatterns=" + s.patterns.patterns() + ", script="
                + (s.script == null ? "off" : s.script.path()) + ", " + stats() + "}";
    }

    /**
     * Counters of the filter's work. A request counts once in {@code resolved}; each ignored
     * carrier counts once in {@code rejected}.
     *
     * @param resolved requests whose variables were found
     * @param rejected carriers that were present but ignored: malformed, oversized or invalid
     * @param oversized the part of {@code rejected} whose JSON was longer than {@value
     *     PagentVariables#MAX_JSON_LENGTH} characters
     */
    public record Stats(long resolved, long rejected, long oversized) {}

    /** Settings of a {@link PagentFilter}; {@link #build()} checks them all. */
    public static final class Builder {
        private VariableCarriers carriers = VariableCarriers.defaults();
        private List<String> urlPatterns = List.of("/*");
        private String scriptPath = DEFAULT_SCRIPT_PATH;
        private boolean serveScript = true;

        private Builder() {}

        /** Carrier names (default {@link VariableCarriers#defaults()}). */
        public Builder carriers(VariableCarriers carriers) {
            this.carriers = Objects.requireNonNull(carriers, "carriers");
            return this;
        }

        /**
         * The requests whose headers the filter examines up front (default {@code /*}); servlet URL
         * patterns. {@link PagentRequests#variables} still resolves any request on demand.
         */
        public Builder urlPatterns(String... urlPatterns) {
            return urlPatterns(Arrays.asList(urlPatterns));
        }

        /** As {@link #urlPatterns(String...)}. */
        public Builder urlPatterns(List<String> urlPatterns) {
            this.urlPatterns = List.copyOf(urlPatterns);
            return this;
        }

        /** Where to serve {@code pagent-forward.js} inside the web app (default {@value #DEFAULT_SCRIPT_PATH}). */
        public Builder scriptPath(String scriptPath) {
            this.scriptPath = Objects.requireNonNull(scriptPath, "scriptPath");
            return this;
        }

        /** Whether to serve {@code pagent-forward.js} at all (default {@code true}). */
        public Builder serveScript(boolean serveScript) {
            this.serveScript = serveScript;
            return this;
        }

        /**
         * Checks the settings and creates the filter.
         *
         * @throws IllegalArgumentException naming the setting that is invalid
         */
        public PagentFilter build() {
            return new PagentFilter(this);
        }

        Builder copy() {
            Builder b = new Builder();
            b.carriers = carriers;
            b.urlPatterns = urlPatterns;
            b.scriptPath = scriptPath;
            b.serveScript = serveScript;
            return b;
        }
    }

    private static final class Settings {
        final RequestVariables variables;
        final UrlPatterns patterns;
        final @Nullable ScriptEndpoint script;

        Settings(Builder b, VariablesCounters counters) {
            this.variables = new RequestVariables(b.carriers, counters);
            this.patterns = UrlPatterns.of(b.urlPatterns);
            this.script = b.serveScript ? ScriptEndpoint.load(b.scriptPath, b.carriers) : null;
        }
    }
}
