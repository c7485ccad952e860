package ai.pagent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code User-Agent} every request carries: {@code pagent-java/<version> (Java <runtime>)}. */
public final class UserAgent {
    /** This library's version, from the build. */
    public static final String VERSION = readVersion();

    /** The header value. */
    public static final String VALUE =
            "pagent-java/" + VERSION + " (Java " + System.getProperty("java.version", "unknown") + ")";

    private UserAgent() {}

    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("pagent-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("$")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the unknown version: a missing resource must not break the client
        }
        return "unknown";
    }
}
