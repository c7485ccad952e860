package ai.pagent;

/** Why an event was given up without being sent to pagent. */
public enum DropReason {
    /** The in-memory queue was full when the event was tracked. */
    QUEUE_FULL,
    /** The client was already closed when the event was tracked. */
    CLOSED,
    /** The client closed before the event could be delivered within its shutdown timeout. */
    SHUTDOWN,
    /**
     * The durable spool grew past its {@code spool.max-bytes}: its oldest events were dropped to make
     * room.
     */
    SPOOL_FULL,
    /** The durable spool could not read the event back from its disk (the file was damaged). */
    SPOOL_ERROR
}
