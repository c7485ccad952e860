package ai.pagent.spring.internal;

import ai.pagent.Conversion;
import ai.pagent.InvalidConversionException;
import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a goal, the request's variables, a revenue and properties into a queued conversion, after
 * commit when a transaction is active, and counts every outcome. Never throws for what it is given.
 * With an outbox, a conversion tracked on the thread of a transaction of the outbox's database is
 * written to the outbox in that transaction instead; a failed insert is the one thing thrown
 * ({@link OutboxWriteFailure}), because it is the application's transaction that failed.
 */
public final class Tracking {
    private static final Logger log = LoggerFactory.getLogger("ai.pagent.spring.TrackConversion");

    private final PagentClient client;
    private final Map<String, String> goals;
    private final @Nullable ConversionOutbox outbox;
    private final RateLimitedLog warnings = new RateLimitedLog(log, 1, TimeUnit.MINUTES);
    private final LongAdder tracked = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder noVariables = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /**
     * @param goals conversion ids pinned per goal label, already validated as UUIDs
     */
    public Tracking(PagentClient client, Map<String, String> goals) {
        this(client, goals, null);
    }

    /**
     * @param goals conversion ids pinned per goal label, already validated as UUIDs
     * @param outbox where conversions tracked inside a transaction go, or {@code null} for memory only
     */
    public Tracking(PagentClient client, Map<String, String> goals, @Nullable ConversionOutbox outbox) {
        this.client = Objects.requireNonNull(client, "client");
        this.goals = Map.copyOf(goals);
        this.outbox = outbox;
    }

    /** Whether conversions tracked inside a transaction go to an outbox table. */
    public boolean hasOutbox() {
        return outbox != null;
    }

    /** The client the events go to. */
    public PagentClient client() {
        return client;
    }

    /** The conversion id pinned for {@code goal}, if configured. */
    public @Nullable String pinnedConversionId(String goal) {
        return goals.get(goal);
    }

    /**
     * Builds and queues the conversion (after commit inside a transaction), or writes it to the
     * outbox in the transaction on this thread.
     *
     * @param source what to name in a warning (the annotated method, or the caller)
     * @param revenue cents as any whole number, or {@code null} for none
     * @param properties a map or a list of maps, or {@code null} for none
     * @return whether the event was queued, written to the outbox, or deferred to the transaction's
     *     commit
     * @throws OutboxWriteFailure the outbox insert failed; throw its {@link
     *     OutboxWriteFailure#failure()} to the application
     */
    public boolean track(
            String source,
            String goal,
            @Nullable PagentVariables variables,
            @Nullable Object revenue,
            @Nullable Object properties) {
        return track(source, goal, variables, revenue, properties, true);
    }

    /**
     * As {@link #track(String, String, PagentVariables, Object, Object)}; {@code inCallersThread}
     * false (a callback of an asynchronous result) never writes to the outbox: nobody would see its
     * failure, and the caller's transaction is over anyway.
     */
    public boolean track(
            String source,
            String goal,
            @Nullable PagentVariables variables,
            @Nullable Object revenue,
            @Nullable Object properties,
            boolean inCallersThread) {
        if (variables == null) {
            noVariables.increment();
            warnings.warn(
                    "pagent: no conversion for goal '{}' from {}: the request carries no valid pagent variables"
                            + " (send window._pgnt.variables() with it, e.g. through /_pagent/forward.js)",
                    goal,
                    source);
            return false;
        }
        Conversion conversion;
        try {
            conversion = build(goal, variables, revenue, properties);
        } catch (IllegalArgumentException e) {
            return invalid(source, goal, e);
        }
        ConversionOutbox o = outbox;
        if (o != null && inCallersThread) {
            try {
                if (o.write(conversion, tracked::increment)) {
                    return true;
                }
            } catch (RuntimeException e) {
                rejected.increment();
                throw new OutboxWriteFailure(e);
            }
        }
        if (AfterCommit.defer(() -> queue(source, goal, conversion))) {
            return true;
        }
        return queue(source, goal, conversion);
    }

    /** Counts an event that a false condition skipped. */
    public void countSkipped() {
        skipped.increment();
    }

    /** Counts and logs an event that could not be built: an expression failed or yielded a bad value. */
    public boolean invalid(String source, String goal, RuntimeException cause) {
        invalid.increment();
        warnings.warn("pagent: no conversion for goal '{}' from {}: {}", goal, source, describe(cause));
        return false;
    }

    /** Events queued (or, inside a transaction, queued or committed to the outbox at its commit). */
    public long trackedCount() {
        return tracked.sum();
    }

    /** Events a false condition skipped. */
    public long skippedCount() {
        return skipped.sum();
    }

    /** Events not sent because the request carried no valid variables. */
    public long noVariablesCount() {
        return noVariables.sum();
    }

    /** Events not sent because an expression failed or a value was invalid. */
    public long invalidCount() {
        return invalid.sum();
    }

    /** Events the client did not queue (closed, or its queue full), or the outbox insert failed. */
    public long rejectedCount() {
        return rejected.sum();
    }

    private Conversion build(
            String goal, PagentVariables variables, @Nullable Object revenue, @Nullable Object properties) {
        Conversion.Builder b = Conversion.builder().variables(variables).label(goal);
        String pinned = goals.get(goal);
        if (pinned != null) {
            b.conversionId(pinned);
        } else if (variables.conversionId() == null) {
            throw new IllegalArgumentException("no conversion_id: the browser's variables match no goal labelled '"
                    + goal + "'; pass the label to _pgnt.variables(label) or pin the goal (pagent.goals." + goal
                    + "=<uuid>)");
        }
        if (revenue != null) {
            b.revenueCents(RevenueCents.of(revenue));
        }
        if (properties instanceof Map) {
            b.properties(castMap(properties));
        } else if (properties instanceof List) {
            b.properties(castList(properties));
        } else if (properties != null) {
            throw new IllegalArgumentException("properties must be a Map or a List of Maps, got a "
                    + properties.getClass().getName());
        }
        return b.build();
    }

    private boolean queue(String source, String goal, Conversion conversion) {
        if (client.track(conversion)) {
            tracked.increment();
            return true;
        }
        rejected.increment();
        warnings.warn(
                "pagent: conversion for goal '{}' from {} not queued: the client is closed or its queue is full"
                        + " (see PagentClient.stats())",
                goal,
                source);
        return false;
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e instanceof IllegalArgumentException && !(e instanceof InvalidConversionException)
                ? String.valueOf(message)
                : e.getClass().getSimpleName() + ": " + message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object map) {
        return (Map<String, ?>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<? extends Map<String, ?>> castList(Object list) {
        return (List<? extends Map<String, ?>>) list;
    }
}
