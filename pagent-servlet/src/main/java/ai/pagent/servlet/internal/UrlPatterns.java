package ai.pagent.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/** Servlet-style URL patterns ({@code /exact}, {@code /prefix/*}, {@code *.ext}, {@code /*}, {@code /}). */
public final class UrlPatterns {
    private final List<String> patterns;
    private final boolean all;
    private final String[] exact;
    private final String[] prefixes;
    private final String[] extensions;

    private UrlPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        boolean all = false;
        for (String p : patterns) {
            if (p.equals("/*") || p.equals("/")) {
                all = true;
            } else if (p.startsWith("*.")) {
                extensions.add(p.substring(1));
            } else if (p.endsWith("/*")) {
                prefixes.add(p.substring(0, p.length() - 2));
            } else {
                exact.add(p);
            }
        }
        this.all = all;
        this.exact = exact.toArray(new String[0]);
        this.prefixes = prefixes.toArray(new String[0]);
        this.extensions = extensions.toArray(new String[0]);
    }

    /**
     * Checks and compiles the patterns.
     *
     * @throws IllegalArgumentException naming the first pattern that is not a servlet URL pattern
     */
    public static UrlPatterns of(List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("urlPatterns must not be empty");
        }
        for (String p : patterns) {
            boolean valid = p.startsWith("*.")
                    ? p.length() > 2 && p.indexOf('/') < 0 && p.indexOf('*', 1) < 0
                    : p.startsWith("/") && p.indexOf('*') == (p.endsWith("/*") ? p.length() - 1 : -1);
            if (!valid || p.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("urlPatterns: \"" + p.replaceAll("\\p{Cntrl}", "?")
                        + "\" is not a servlet URL pattern (/exact, /prefix/*, *.ext or /*)");
            }
        }
        return new UrlPatterns(patterns);
    }

    public List<String> patterns() {
        return patterns;
    }

    public boolean matchesAll() {
        return all;
    }

    /** Whether the request's path inside the web app matches one of the patterns. */
    public boolean matches(HttpServletRequest request) {
        if (all) {
            return true;
        }
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return matches(path);
    }

    boolean matches(String path) {
        if (all) {
            return true;
        }
        for (String e : exact) {
            if (e.equals(path)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/')) {
                return true;
            }
        }
        int slash = path.lastIndexOf('/');
        for (String ext : extensions) {
            if (path.endsWith(ext) && path.length() - ext.length() > slash) {
                return true;
            }
        }
        return false;
    }
}
