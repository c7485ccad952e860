package ai.pagent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of what a {@link PagentClient} did with the events it was given. Every tracked event is
 * in exactly one of accepted, failed, dropped or pending, so at every observation
 * {@code queued() == accepted() + failed() + dropped() + pending()}.
 */
public final class PagentStats {
    /** What the client is doing about sending. */
    public enum State {
        /** Sending normally. */
        RUNNING,
        /** pagent asked the client to slow down (429); sending resumes by itself. */
        RATE_LIMITED,
        /**
         * pagent refused the API key (401, 403) or the endpoint is not there (404): events stay queued
         * until the key source yields a new key or a slow re-probe succeeds; {@link #problem()} says which.
         */
        PAUSED_UNAUTHORIZED,
        /** pagent looks down; sending pauses and probes for recovery while events stay queued. */
        CIRCUIT_OPEN,
        /** {@link PagentClient#close()} was called. */
        CLOSED
    }

    private final long queued;
    private final long accepted;
    private final long failed;
    private final EnumMap<DropReason, Long> droppedByReason;
    private final long retried;
    private final long unconfirmed;
    private final int queueSize;
    private final int inFlight;
    private final State state;
    private final @Nullable String problem;

    /**
     * Only the client creates stats: applications and frameworks read them. Plain values, so that
     * this public type needs nothing of the client's internals (the arrows run internal to public).
     */
    PagentStats(
            long queued,
            long accepted,
            long failed,
            Map<DropReason, Long> dropped,
            long retried,
            long unconfirmed,
            int queueSize,
            int inFlight,
            State state,
            @Nullable String problem) {
        this.queued = queued;
        this.accepted = accepted;
        this.failed = failed;
        this.droppedByReason = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            this.droppedByReason.put(r, dropped.getOrDefault(r, 0L));
        }
        this.retried = retried;
        this.unconfirmed = unconfirmed;
        this.queueSize = queueSize;
        this.inFlight = inFlight;
        this.state = state;
        this.problem = problem;
    }

    /** Events handed to {@code track()} since the client was built, whatever became of them. */
    public long queued() {
        return queued;
    }

    /** Events pagent answered with 200 for (see {@link #unconfirmed()} for a lower count). */
    public long accepted() {
        return accepted;
    }

    /** Events that failed for good: rejected by pagent, or retries used up. */
    public long failed() {
        return failed;
    }

    /** Events given up without delivery, for any {@link DropReason}. */
    public long dropped() {
        long sum = 0;
        for (long d : droppedByReason.values()) {
            sum += d;
        }
        return sum;
    }

    /** Events given up for {@code reason}. */
    public long dropped(DropReason reason) {
        return droppedByReason.get(reason);
    }

    /** Dropped events by reason. */
    public Map<DropReason, Long> droppedByReason() {
        return Collections.unmodifiableMap(new EnumMap<>(droppedByReason));
    }

    /** Events sent again after a retryable failure (5xx, timeout, connection error), counted per send. */
    public long retried() {
        return retried;
    }

    /**
     * Accepted events that pagent did not count: the sum, over requests, of events sent minus
     * pagent's {@code accepted} number when it was lower. They are not resent.
     */
    public long unconfirmed() {
        return unconfirmed;
    }

    /** Events tracked but not yet accepted, failed or dropped: waiting in the queue or being sent. */
    public long pending() {
        return queued - accepted - failed - dropped();
    }

    /** Events waiting in the in-memory queue. */
    public int queueSize() {
        return queueSize;
    }

    /** Events in requests under way (including those waiting to be retried). */
    public int inFlight() {
        return inFlight;
    }

    /** What the client is doing about sending. */
    public State state() {
        return state;
    }

    /** Why the client is not {@link State#RUNNING}, or the last delivery problem; never the API key. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public String toString() {
        return "PagentStats{state=" + state + ", queued=" + queued + ", accepted=" + accepted + ", failed=" + failed
                + ", dropped=" + droppedByReason() + ", retried=" + retried + ", unconfirmed=" + unconfirmed
                + ", pending=" + pending() + ", queueSize=" + queueSize + ", inFlight=" + inFlight
                + (problem == null ? "" : ", problem=" + problem) + "}";
    }
}
