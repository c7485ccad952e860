package ai.pagent;

import ai.pagent.internal.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code pagent-forward.js}, the browser helper that sends {@code _pgnt.variables()} with fetches and
 * forms, with the carrier names of a {@link VariableCarriers} written in, and its strong ETag: what a
 * web framework adapter serves at {@link #path()}. pagent's servlet filter, WebFlux filter and
 * Micronaut filter serve it; an adapter for another HTTP stack answers {@code GET} and {@code HEAD}
 * with {@link #body()}, {@link #CONTENT_TYPE}, {@link #CACHE_CONTROL} and the {@link #etag()} ({@code
 * 304} when {@link #matchesEtag} says the browser's copy is current).
 *
 * <p>Immutable and thread-safe.
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
     * The script for these carrier names, served at {@code path}.
     *
     * @throws IllegalArgumentException when {@code path} does not start with {@code /} or holds a
     *     space, a control character, {@code ?} or {@code #}
     */
    public static ForwardScript of(String path, VariableCarriers carriers) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '?' || c == '#')) {
            throw new IllegalArgumentException(
                    "the script path must start with / and hold no spaces, ? or #, got " + LogText.quoted(path, 200));
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

    /** A copy of the script's bytes (UTF-8). */
    public byte[] body() {
        return body.clone();
    }

    /** The script's length in bytes, for {@code Content-Length}. */
    public int contentLength() {
        return body.length;
    }

    /** Writes the script's bytes to {@code out} (without copying them first). */
    public void writeTo(OutputStream out) throws IOException {
        out.write(body);
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

    @Override
    public String toString() {
        return "ForwardScript{path=" + path + ", etag=" + etag + "}";
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
