package ai.pagent.servlet.internal;

import ai.pagent.ForwardScript;
import ai.pagent.VariableCarriers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/** Serves core's {@link ForwardScript} to servlet requests: GET and HEAD, with an ETag, 405 otherwise. */
public final class ScriptEndpoint {
    private final ForwardScript script;

    private ScriptEndpoint(ForwardScript script) {
        this.script = script;
    }

    /**
     * Loads the script for these carrier names, served at {@code path} inside the web app.
     *
     * @throws IllegalArgumentException naming {@code scriptPath} when {@code path} is not an absolute path
     */
    public static ScriptEndpoint load(String path, VariableCarriers carriers) {
        try {
            return new ScriptEndpoint(ForwardScript.of(path, carriers));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scriptPath: " + e.getMessage(), e);
        }
    }

    public String path() {
        return script.path();
    }

    /** Whether the request asks for the script; allocation free. */
    public boolean isRequestFor(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = script.path();
        return uri != null
                && uri.length() == context.length() + path.length()
                && uri.startsWith(context)
                && uri.startsWith(path, context.length());
    }

    /** Answers with the script, a 304 when the browser's copy is current, or a 405 for other methods. */
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        response.setHeader("Cache-Control", ForwardScript.CACHE_CONTROL);
        response.setHeader("ETag", script.etag());
        response.setHeader("X-Content-Type-Options", "nosniff");
        Enumeration<String> ifNoneMatch = request.getHeaders("If-None-Match");
        if (ifNoneMatch != null && script.matchesEtag(Collections.list(ifNoneMatch))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(ForwardScript.CONTENT_TYPE);
        response.setContentLength(script.contentLength());
        if (!head) {
            script.writeTo(response.getOutputStream());
        }
    }
}
