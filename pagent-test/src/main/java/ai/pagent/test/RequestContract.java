package ai.pagent.test;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What makes a request to the conversions API valid, checked in this order; each rule's violation
 * is the answer's status and error text. The body's rules are {@link BatchParser}'s.
 *
 * <ol>
 *   <li>the path is {@code /v1/conversions} (else 404) and the method POST (else 405);
 *   <li>one {@code Authorization} header, exactly {@code Bearer <key>} with the key accepted now:
 *       scheme case, the single space and the key all exact (else 401);
 *   <li>{@code Content-Type} is {@code application/json}, parameters allowed (else 400);
 *   <li>the body is one JSON object with 1 to 100 valid events ({@link BatchParser}; else 400).
 * </ol>
 */
final class RequestContract {

    private static final String BEARER = "Bearer ";

    private final String initialKey;
    private volatile String apiKey;

    RequestContract(String apiKey) {
        this.initialKey = apiKey;
        this.apiKey = apiKey;
    }

    String apiKey() {
        return apiKey;
    }

    void rotateKey(String newKey) {
        apiKey = newKey;
    }

    void reset() {
        apiKey = initialKey;
    }

    static boolean servesPath(@Nullable String path) {
        return FakeIngest.CONVERSIONS_PATH.equals(path);
    }

    static @Nullable String checkPath(@Nullable String path) {
        return servesPath(path)
                ? null
                : "no such path: " + path + "; the ingest serves POST " + FakeIngest.CONVERSIONS_PATH;
    }

    static @Nullable String checkMethod(String method) {
        return "POST".equals(method) ? null : "method " + method + " not allowed; use POST";
    }

    /** Returns why the {@code Authorization} values are refused, or {@code null} when they carry the key. */
    @Nullable
    String checkAuthorization(@Nullable List<String> values) {
        if (values == null || values.isEmpty()) {
            return "missing Authorization header; expected 'Bearer <API key>'";
        }
        if (values.size() > 1) {
            return "more than one Authorization header";
        }
        String value = values.get(0);
        if (!value.startsWith(BEARER)) {
            return "Authorization must be 'Bearer <API key>'";
        }
        if (!value.substring(BEARER.length()).equals(apiKey)) {
            return "invalid API key";
        }
        return null;
    }

    /** Returns why the {@code Content-Type} values are refused, or {@code null} for JSON. */
    static @Nullable String checkContentType(@Nullable List<String> values) {
        if (values == null || values.isEmpty()) {
            return "Content-Type must be application/json, got none";
        }
        String value = values.get(0);
        int semicolon = value.indexOf(';');
        String mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            return "Content-Type must be application/json, got " + value;
        }
        return null;
    }

    /** Checks the body; builds the events only when {@code keepEvents}. */
    static BatchParser.Batch checkBody(byte[] body, boolean keepEvents) {
        return BatchParser.parse(body, keepEvents);
    }
}
