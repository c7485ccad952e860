package ai.pagent.internal;

import ai.pagent.VariableCarriers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code pagent-forward.js}, the browser helper that sends {@code _pgnt.variables()} with fetches and
 * forms, with the configured header and field names written in, and its strong ETag. One source for
 * every framework module: each only adapts its own request and response types.
 */
public final class ForwardScript {
    static final String RESOURCE = "pagent-forward.js";

    /** How long browsers may keep the script before revalidating. */
    public static final String CACHE_CONTROL = "public, max-age=3600";

    /** The script's media type. */
    public static final String CONTENT_TYPE = "text/javascript;charset=UTF-8";

    private final String path;
    private final byte[] body;
    private final String etag;

    private ForwardScript(String path, byte[] body, String etag) {
        this.path = path;
        this.body = body;
        this.etag = etag;
    }

    /**
     * Loads the script for these carrier names, served at {@code path}.
     *
     * @param setting the name of the setting that gave {@code path}, for the error message
     * @throws IllegalArgumentException naming {@code setting} when {@code path} does not start with
     *     {@code /} or holds a space, a control character, {@code ?} or {@code #}
     */
    public static ForwardScript load(String setting, String path, VariableCarriers carriers) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '?' || c == '#')) {
            throw new IllegalArgumentException(setting + " must be a path starting with / without spaces, ? or #, got "
                    + LogText.quoted(path, 200));
        }
        String script = source().replace("\"__PAGENT_HEADER__\"", jsString(carriers.jsonHeader()))
                .replace("\"__PAGENT_FIELD__\"", jsString(carriers.jsonParameter()));
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        return new ForwardScript(path, body, etag(body));
    }

    private static String source() {
        try (InputStream in = ForwardScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the pagent-core jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path the script is served at. */
    public String path() {
        return path;
    }

    /** The script's bytes; not to be modified. */
    public byte[] body() {
        return body;
    }

    /** The strong ETag, quoted. */
    public String etag() {
        return etag;
    }

    /**
     * Whether any {@code If-None-Match} header value names this script's ETag, weakly or strongly, or
     * is {@code *}.
     */
    public boolean matchesEtag(Iterable<String> ifNoneMatch) {
        for (String header : ifNoneMatch) {
            for (String tag : header.split(",")) {
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
