package ai.pagent.spring.internal;

import ai.pagent.PagentVariables;
import ai.pagent.servlet.PagentRequests;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The pagent variables of the servlet request bound to this thread by Spring MVC, if any. */
public final class CurrentRequest {
    private static final boolean SERVLET_PRESENT =
            ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", CurrentRequest.class.getClassLoader())
                    && ClassUtils.isPresent(
                            "org.springframework.web.context.request.RequestContextHolder",
                            CurrentRequest.class.getClassLoader());

    private CurrentRequest() {}

    /**
     * The variables of the current servlet request (resolved lazily and cached by pagent-servlet),
     * or {@code null} when no request is bound to this thread or it carries none.
     */
    public static @Nullable PagentVariables variables() {
        return SERVLET_PRESENT ? Servlet.variables() : null;
    }

    /** Whether a servlet request is bound to this thread. */
    static boolean present() {
        return SERVLET_PRESENT && Servlet.present();
    }

    /** Loaded only when the servlet API and spring-web are on the classpath. */
    private static final class Servlet {
        static @Nullable PagentVariables variables() {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            if (attributes instanceof ServletRequestAttributes) {
                return PagentRequests.variables(((ServletRequestAttributes) attributes).getRequest())
                        .orElse(null);
            }
            return null;
        }

        static boolean present() {
            return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes;
        }
    }
}
