package ai.pagent.spring.boot;

import ai.pagent.PagentStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code pagent} health says, read from {@link PagentStats}: DOWN while pagent refuses the
 * API key or the circuit breaker holds sending during an outage, with the reason; OUT_OF_SERVICE once
 * the client is closed; UP otherwise (also while rate limited, which passes by itself). Each Spring
 * Boot line's {@link PagentHealthIndicator} turns it into that line's {@code Health}.
 *
 * @param status the status code: {@code UP}, {@code DOWN} or {@code OUT_OF_SERVICE}
 * @param details {@code state}, {@code queueSize}, {@code pending}, and {@code problem} when there is one
 */
record PagentHealthReport(String status, Map<String, Object> details) {
    static PagentHealthReport of(PagentStats stats) {
        String status;
        switch (stats.state()) {
            case PAUSED_UNAUTHORIZED:
            case CIRCUIT_OPEN:
                status = "DOWN";
                break;
            case CLOSED:
                status = "OUT_OF_SERVICE";
                break;
            default:
                status = "UP";
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", stats.state().name());
        details.put("queueSize", stats.queueSize());
        details.put("pending", stats.pending());
        stats.problem().ifPresent(problem -> details.put("problem", problem));
        return new PagentHealthReport(status, Collections.unmodifiableMap(details));
    }
}
