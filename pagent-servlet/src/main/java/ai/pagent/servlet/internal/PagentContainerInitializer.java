package ai.pagent.servlet.internal;

import ai.pagent.VariableCarriers;
import ai.pagent.servlet.PagentContextListener;
import ai.pagent.servlet.PagentFilter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the {@link PagentContextListener} and the {@link PagentFilter} in a web app that has
 * pagent configured ({@code pagent.api-key} context parameter, {@code PAGENT_API_KEY}, or {@code
 * pagent.dry-run=true}) and not turned off ({@code pagent.enabled=false}); does nothing otherwise.
 * {@code pagent.filter.enabled=false} keeps the filter out; a {@code PagentFilter} declared in
 * {@code web.xml} is not installed twice. Found by the container through {@code META-INF/services}.
 */
public final class PagentContainerInitializer implements ServletContainerInitializer {
    static final String FILTER_ENABLED = "pagent.filter.enabled";

    private static final Logger log = LoggerFactory.getLogger(PagentContainerInitializer.class);

    @Override
    public void onStartup(@Nullable Set<Class<?>> classes, ServletContext ctx) throws ServletException {
        install(ctx, ctx::getInitParameter, System::getenv);
    }

    static void install(
            ServletContext ctx,
            Function<String, @Nullable String> parameter,
            Function<String, @Nullable String> environment)
            throws ServletException {
        try {
            if (!ClientSettings.isEnabled(parameter)) {
                log.debug("pagent is off ({}=false): nothing installed", ClientSettings.ENABLED);
                return;
            }
            if (!ClientSettings.isConfigured(parameter, environment)) {
                log.debug(
                        "pagent is not configured (no {}, {} or {}=true): nothing installed",
                        ClientSettings.API_KEY_ENV,
                        ClientSettings.API_KEY,
                        ClientSettings.DRY_RUN);
                return;
            }
            ctx.addListener(new PagentContextListener());
            if (Boolean.FALSE.equals(FilterSettings.bool(parameter, FILTER_ENABLED)) || hasPagentFilter(ctx)) {
                return;
            }
            FilterSettings.Values v =
                    FilterSettings.read(VariableCarriers.defaults(), parameter, "pagent.variables.", "pagent.filter.");
            PagentFilter.Builder filter = PagentFilter.builder().carriers(v.carriers());
            if (v.urlPatterns() != null) {
                filter.urlPatterns(v.urlPatterns());
            }
            if (v.scriptPath() != null) {
                filter.scriptPath(v.scriptPath());
            }
            if (v.serveScript() != null) {
                filter.serveScript(v.serveScript());
            }
            filter.build().register(ctx);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("pagent: " + e.getMessage(), e);
        }
    }

    private static boolean hasPagentFilter(ServletContext ctx) {
        for (FilterRegistration r : ctx.getFilterRegistrations().values()) {
            if (PagentFilter.class.getName().equals(r.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
