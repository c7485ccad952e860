package ai.pagent;

/** Why an event was given up without being sent to pagent. */
public enum DropReason {
    /** The in-memory queue was full when the event was tracked. */
    QUEUE_FULL,
    /** The client was already closed when the event was tracked. */
    CLOSED,
    /** The client closed before the event could be delivered within its shutdown timeout. */
    SHUTDOWN
}
