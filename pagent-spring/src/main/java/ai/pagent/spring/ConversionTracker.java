package ai.pagent.spring;

import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.spring.internal.CurrentRequest;
import ai.pagent.spring.internal.JdbcConversionOutbox;
import ai.pagent.spring.internal.OutboxWriteFailure;
import ai.pagent.spring.internal.Tracking;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Reports conversions from code, with the same rules as {@link TrackConversion}: the goal's pinned
 * conversion id when configured, queued after commit inside a transaction (or written to the
 * outbox in it, see below), and never an exception for a missing session, an invalid value or a
 * full queue (each is logged, rate-limited, and counted in {@link #stats()}).
 *
 * <pre>{@code
 * // Inside a Spring MVC request: the variables come from the request.
 * tracker.track("checkout", order.totalCents());
 *
 * // Outside one (a payment webhook, a job): with the variables stored with the order.
 * tracker.track(PagentVariables.fromJson(order.pagentVariables()), "checkout", order.totalCents());
 * }</pre>
 *
 * In WebFlux handlers take the variables from the exchange ({@link
 * PagentWebFilter#variables(org.springframework.web.server.ServerWebExchange)}) and pass them in.
 * Thread-safe; one per application, usually a bean.
 *
 * <h2>With a transactional outbox</h2>
 * Built with {@link Builder#outbox(DataSource)} (Spring Boot: {@code pagent.outbox.enabled=true}),
 * a conversion tracked inside a Spring-managed transaction on that data source is inserted into the
 * {@code pagent_outbox} table on the transaction's own connection, before the commit: it commits with
 * the order, and a rollback removes both. An {@code ai.pagent.jdbc.OutboxRelay} delivers it. Then,
 * and only then, {@code track} can throw: a failed insert (a missing table, the database down) is
 * thrown as the {@code DataAccessException} it is, like any other failed insert of the transaction,
 * so the application's transaction decides. Outside a transaction the conversion takes the in-memory
 * path as before.
 */
public final class ConversionTracker {
    private static final String SOURCE = "ConversionTracker.track";

    private final Tracking tracking;

    private ConversionTracker(Builder builder) {
        DataSource outbox = builder.outbox;
        this.tracking =
                new Tracking(builder.client, builder.goals, outbox == null ? null : JdbcConversionOutbox.of(outbox));
    }

    /** A tracker without pinned goals. */
    public ConversionTracker(PagentClient client) {
        this(builder(client));
    }

    /** Starts configuring a tracker that sends to {@code client}. */
    public static Builder builder(PagentClient client) {
        return new Builder(client);
    }

    /** Reports {@code goal}, without revenue, for the current request's visitor. */
    public boolean track(String goal) {
        return report(goal, CurrentRequest.variables(), null, null);
    }

    /** Reports {@code goal} with a revenue in cents for the current request's visitor. */
    public boolean track(String goal, long revenueCents) {
        return report(goal, CurrentRequest.variables(), revenueCents, null);
    }

    /** Reports {@code goal} with a revenue in cents and properties for the current request's visitor. */
    public boolean track(String goal, long revenueCents, Map<String, ?> properties) {
        return report(goal, CurrentRequest.variables(), revenueCents, properties);
    }

    /** Reports {@code goal}, without revenue, for the visitor {@code variables} describe. */
    public boolean track(PagentVariables variables, String goal) {
        return report(goal, Objects.requireNonNull(variables, "variables"), null, null);
    }

    /** Reports {@code goal} with a revenue in cents for the visitor {@code variables} describe. */
    public boolean track(PagentVariables variables, String goal, long revenueCents) {
        return report(goal, Objects.requireNonNull(variables, "variables"), revenueCents, null);
    }

    /** Reports {@code goal} with a revenue in cents and properties for the visitor {@code variables} describe. */
    public boolean track(PagentVariables variables, String goal, long revenueCents, Map<String, ?> properties) {
        return report(goal, Objects.requireNonNull(variables, "variables"), revenueCents, properties);
    }

    /**
     * The variables of the Spring MVC request being handled on this thread; empty outside a request
     * or when it carries none.
     */
    public Optional<PagentVariables> currentVariables() {
        return Optional.ofNullable(CurrentRequest.variables());
    }

    /** The conversion id configured for {@code goal}, if any. */
    public Optional<String> pinnedConversionId(String goal) {
        return Optional.ofNullable(tracking.pinnedConversionId(goal));
    }

    /** What happened to the conversions reported through this tracker and {@link TrackConversion}. */
    public Stats stats() {
        return new Stats(
                tracking.trackedCount(),
                tracking.skippedCount(),
                tracking.noVariablesCount(),
                tracking.invalidCount(),
                tracking.rejectedCount());
    }

    /** The client the conversions go to. */
    public PagentClient client() {
        return tracking.client();
    }

    Tracking tracking() {
        return tracking;
    }

    private boolean report(
            String goal, @Nullable PagentVariables variables, @Nullable Object revenue, @Nullable Object properties) {
        try {
            return tracking.track(SOURCE, goal, variables, revenue, properties);
        } catch (OutboxWriteFailure e) {
            throw e.failure(); // the outbox insert failed: the caller's transaction must see it
        }
    }

    @Override
    public String toString() {
        return "ConversionTracker{" + stats() + "}";
    }

    /**
     * Outcomes of reported conversions; each report counts once. Delivery itself is counted by
     * {@link PagentClient#stats()}.
     *
     * @param tracked handed to the client (inside a transaction: at its commit), or committed to the
     *     outbox
     * @param skipped not sent because the {@code condition} was false
     * @param noVariables not sent because the request carried no valid pagent variables
     * @param invalid not sent because an expression failed or yielded an invalid value
     * @param rejected not queued by the client (closed, or its queue full), or not written to the
     *     outbox (the insert failed and the caller got its exception)
     */
    public record Stats(long tracked, long skipped, long noVariables, long invalid, long rejected) {}

    /** Settings of a {@link ConversionTracker}. */
    public static final class Builder {
        private final PagentClient client;
        private final Map<String, String> goals = new LinkedHashMap<>();
        private @Nullable DataSource outbox;

        private Builder(PagentClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Pins the conversion id of the goal labelled {@code goal}: events for it carry this id, whatever
         * the browser matched.
         *
         * @throws IllegalArgumentException when {@code conversionId} is not a UUID
         */
        public Builder goal(String goal, String conversionId) {
            Objects.requireNonNull(goal, "goal");
            if (goal.isBlank()) {
                throw new IllegalArgumentException("goals: a goal label must not be blank");
            }
            goals.put(goal, uuid(goal, conversionId));
            return this;
        }

        /** As {@link #goal(String, String)} for each entry. */
        public Builder goals(Map<String, ?> goals) {
            goals.forEach((goal, id) -> goal(goal, String.valueOf(id)));
            return this;
        }

        /**
         * Writes conversions tracked inside a Spring-managed transaction on {@code dataSource} to its
         * {@code pagent_outbox} table, in that transaction (see the class documentation). Needs {@code
         * ai.pagent:pagent-jdbc} and {@code spring-jdbc} on the classpath, and the table (DDL in
         * pagent-jdbc's {@code ai/pagent/jdbc/schema/}).
         *
         * @throws IllegalStateException when pagent-jdbc or spring-jdbc is missing
         */
        public Builder outbox(DataSource dataSource) {
            Objects.requireNonNull(dataSource, "dataSource");
            ClassLoader loader = ConversionTracker.class.getClassLoader();
            if (!ClassUtils.isPresent("ai.pagent.jdbc.OutboxWriter", loader)) {
                throw new IllegalStateException("outbox: add the dependency ai.pagent:pagent-jdbc");
            }
            if (!ClassUtils.isPresent("org.springframework.jdbc.datasource.DataSourceUtils", loader)) {
                throw new IllegalStateException("outbox: add the dependency org.springframework:spring-jdbc");
            }
            this.outbox = dataSource;
            return this;
        }

        /** Creates the tracker. */
        public ConversionTracker build() {
            return new ConversionTracker(this);
        }

        private static String uuid(String goal, @Nullable String id) {
            try {
                if (id != null && id.length() == 36) {
                    UUID.fromString(id);
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new IllegalArgumentException("goals." + goal + " must be a UUID (the goal's conversion id), got \""
                    + (id == null ? "null" : id.length() > 64 ? id.substring(0, 64) + "…" : id) + "\"");
        }
    }
}
