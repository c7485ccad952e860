package ai.pagent;

/**
 * The class of the answer to a request a {@link RequestObserver} heard, named as Spring Boot's
 * {@code http.client.requests} meters name it in their {@code outcome} tag. The Spring Boot starter
 * and the Micronaut module both tag their {@code pagent.requests} timer with it, so the two never
 * disagree.
 *
 * <pre>{@code
 * .requestObserver((status, events, took) ->
 *         timer.tag("outcome", RequestOutcome.of(status).name()).register(registry).record(took))
 * }</pre>
 */
public enum RequestOutcome {
    /** 1xx: pagent does not send these. */
    INFORMATIONAL,
    /** 2xx: the batch was accepted. */
    SUCCESS,
    /** 3xx: pagent does not send these. */
    REDIRECTION,
    /** 4xx: a rejected batch, a refused key, a 429. */
    CLIENT_ERROR,
    /** 5xx. */
    SERVER_ERROR,
    /** No answer (status {@code 0}: a connection error, a timeout), or a status outside 100..599. */
    UNKNOWN;

    private static final RequestOutcome[] BY_FIRST_DIGIT = {
        INFORMATIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR
    };

    /**
     * The outcome of a request that ended with {@code statusCode}, as {@link
     * RequestObserver#onRequest} gives it.
     */
    public static RequestOutcome of(int statusCode) {
        return statusCode >= 100 && statusCode < 600 ? BY_FIRST_DIGIT[statusCode / 100 - 1] : UNKNOWN;
    }
}
