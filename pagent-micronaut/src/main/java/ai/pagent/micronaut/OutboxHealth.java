package ai.pagent.micronaut;

import java.util.Map;

/**
 * What the {@code pagent} health indicator shows of the outbox. Free of pagent-jdbc types, so that
 * the indicator loads in applications without it.
 */
interface OutboxHealth {
    /** Whether the relay cannot deliver: pagent refuses its key, or its circuit is open. */
    boolean down();

    /** The backlog, the relay's state and counters, for the health details. */
    Map<String, Object> details();
}
