package ai.pagent.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** The rules for the client's endpoint, and how it is shown without what must not be shown. */
public final class Endpoints {
    private Endpoints() {}

    /**
     * Checks {@code endpoint}: an absolute http(s) URL without user info, query or fragment, and
     * {@code https} unless the host is {@code localhost} or a loopback IP literal.
     *
     * @param problems where each broken rule is added, naming the setting and showing the endpoint
     *     {@link #redacted}
     * @return the parsed URL, or {@code null} when it is not an http(s) URL at all
     */
    public static @Nullable HttpUrl check(URI endpoint, List<String> problems) {
        String shown = redacted(endpoint);
        HttpUrl url = HttpUrl.parse(endpoint.toString());
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (url == null || !(scheme.equals("https") || scheme.equals("http"))) {
            problems.add("endpoint must be an absolute http(s) URL, got " + shown);
            return null;
        }
        if (endpoint.getRawUserInfo() != null) {
            problems.add("endpoint must not carry user info (credentials belong in apiKey), got " + shown);
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            problems.add("endpoint must not have a query or fragment, got " + shown);
        }
        if (scheme.equals("http") && !isLoopback(url.host())) {
            problems.add("endpoint must use https (http is allowed only for localhost and loopback IP"
                    + " addresses such as 127.0.0.1 or [::1]), got " + shown);
        }
        return url;
    }

    /**
     * Whether {@code host} (as OkHttp canonicalised it) is {@code localhost} or a loopback IP literal.
     * Decided from the text alone: no name is ever resolved, so DNS cannot make a host "loopback".
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return h.startsWith("127.");
        }
        // OkHttp writes IPv6 literals canonically, without brackets: ::1 is the only loopback.
        return h.equals("::1");
    }

    /** {@code uri} without user info (shown as {@code ***@}), query or fragment: fit for messages. */
    public static String redacted(URI uri) {
        String authority = uri.getRawAuthority();
        if (uri.getScheme() == null || authority == null) {
            return uri.getRawUserInfo() == null && uri.getRawQuery() == null
                    ? uri.toString()
                    : "(a URI that is not an http(s) URL)";
        }
        int at = authority.lastIndexOf('@');
        String hostPort = at < 0 ? authority : authority.substring(at + 1);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + (at < 0 ? "" : "***@") + hostPort + path;
    }
}
