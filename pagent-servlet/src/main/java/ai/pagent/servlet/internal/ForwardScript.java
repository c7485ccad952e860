package ai.pagent.servlet.internal;

import ai.pagent.VariableCarriers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;

/**
 * {@code pagent-forward.js}, with the configured header and field names written in, served with an
 * ETag so browsers revalidate cheaply.
 */
public final class ForwardScript {
    static final String RESOURCE = "pagent-forward.js";
    static final String CACHE_CONTROL = "public, max-age=3600";

    private final String path;
    private final byte[] body;
    private final String etag;

    private ForwardScript(String path, byte[] body, String etag) {
        this.path = path;
        this.body = body;
        this.etag = etag;
    }

    /**
     * Loads the script for these carrier names, served at {@code path} inside the web app.
     *
     * @throws IllegalArgumentException when {@code path} is not an absolute path
     */
    public static ForwardScript load(String path, VariableCarriers carriers) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '?' || c == '#')) {
            throw new IllegalArgumentException("scriptPath must be a path starting with / without spaces, ? or #");
        }
        String source;
        try (InputStream in = ForwardScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the pagent-servlet jar");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String script = source.replace("\"__PAGENT_HEADER__\"", jsString(carriers.jsonHeader()))
                .replace("\"__PAGENT_FIELD__\"", jsString(carriers.jsonParameter()));
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        return new ForwardScript(path, body, etag(body));
    }

    public String path() {
        return path;
    }

    /** Whether the request asks for the script; allocation free. */
    public boolean isRequestFor(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
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
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setHeader("ETag", etag);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (matchesEtag(request.getHeaders("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType("text/javascript;charset=UTF-8");
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    private boolean matchesEtag(Enumeration<String> ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        while (ifNoneMatch.hasMoreElements()) {
            for (String tag : ifNoneMatch.nextElement().split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals(etag) || t.equals("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\""
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hash)
                            .substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A JavaScript string literal; names are validated, but escape anyway so the script can't break. */
    static String jsString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
