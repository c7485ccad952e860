package ai.pagent.micronaut;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import ai.pagent.VariableCarriers;
import ai.pagent.micronaut.internal.RateLimitedLog;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks conversions from code, with the current request's variables, the way {@link
 * TrackConversion} does:
 *
 * <pre>{@code
 * @Inject ConversionTracker tracker;
 *
 * tracker.track("checkout", order.totalCents());
 * }</pre>
 *
 * Never throws for what a request carries: an event that cannot be built (no variables, no
 * conversion id) is logged (rate-limited) and counted in {@link #skipped()}.
 *
 * <p>With {@code pagent.outbox.enabled=true}, a call inside a transaction inserts the event into the
 * {@code pagent_outbox} table on the transaction's own connection, so it commits or rolls back with
 * the order; a failed insert throws {@link OutboxWriteException} (the transaction decides). Outside
 * a transaction the event goes to the in-memory queue, as without the outbox.
 */
@Singleton
@Requires(beans = PagentClient.class)
public class ConversionTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ConversionTracker.class);

    /** Why an event was not handed to the client. */
    public enum SkipReason {
        /** The request carried no valid variables. */
        NO_VARIABLES,
        /** Neither {@code pagent.goals.<goal>} nor the browser gave a conversion id. */
        NO_CONVERSION_ID,
        /** A value was not usable: revenue not whole cents, a property that is not JSON, … */
        INVALID
    }

    private final PagentClient client;
    private final @Nullable OutboxTracking outbox;
    private final VariableCarriers carriers;
    private final Map<String, String> goals;
    private final Map<SkipReason, AtomicLong> skipped = new EnumMap<>(SkipReason.class);
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    ConversionTracker(
            PagentClient client,
            VariableCarriers carriers,
            PagentProperties properties,
            Optional<OutboxTracking> outbox) {
        this.client = client;
        this.outbox = outbox.orElse(null);
        this.carriers = carriers;
        this.goals = Map.copyOf(properties.getGoals());
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, new AtomicLong());
        }
    }

    /** Tracks {@code goal} without revenue for the current request. */
    public boolean track(String goal) {
        return track(goal, null, null);
    }

    /** Tracks {@code goal} with revenue in cents for the current request. */
    public boolean track(String goal, long revenueCents) {
        return track(goal, revenueCents, null);
    }

    /**
     * Tracks {@code goal} for the current request.
     *
     * @param goal the goal's label
     * @param revenueCents revenue in whole cents, {@code null} for none
     * @param properties the event's properties, {@code null} for none
     * @return whether the event was queued (or written to the outbox)
     * @throws OutboxWriteException inside a transaction, with the outbox on, when the insert failed
     */
    public boolean track(String goal, @Nullable Long revenueCents, @Nullable Map<String, ?> properties) {
        Optional<PagentVariables> variables = currentVariables();
        if (variables.isEmpty()) {
            skip(
                    SkipReason.NO_VARIABLES,
                    "no pagent variables on the request for goal \"" + goal
                            + "\": send them with pagent-forward.js (header or _pgnt field)");
            return false;
        }
        return track(variables.get(), goal, revenueCents, properties);
    }

    /**
     * Tracks {@code goal} for stored variables (a payment webhook, a background job).
     *
     * @return whether the event was queued (or written to the outbox)
     * @throws OutboxWriteException inside a transaction, with the outbox on, when the insert failed
     */
    public boolean track(
            PagentVariables variables, String goal, @Nullable Long revenueCents, @Nullable Map<String, ?> properties) {
        return track(variables, goal, revenueCents, properties, true);
    }

    /**
     * Builds the event and writes it into the outbox when {@code outboxAllowed} and a transaction is
     * active, else hands it to the client.
     */
    boolean track(
            PagentVariables variables,
            String goal,
            @Nullable Long revenueCents,
            @Nullable Map<String, ?> properties,
            boolean outboxAllowed) {
        Objects.requireNonNull(variables, "variables");
        Objects.requireNonNull(goal, "goal");
        String conversionId = goals.getOrDefault(goal, variables.conversionId());
        if (conversionId == null) {
            skip(
                    SkipReason.NO_CONVERSION_ID,
                    "no conversion id for goal \"" + goal + "\": set pagent.goals." + goal
                            + " or let the browser's goal match");
            return false;
        }
        Conversion conversion;
        try {
            Conversion.Builder builder = Conversion.builder()
                    .variables(variables)
                    .conversionId(conversionId.trim())
                    .label(goal)
                    .properties(properties);
            if (revenueCents != null) {
                builder.revenueCents(revenueCents);
            }
            conversion = builder.build();
        } catch (IllegalArgumentException e) {
            skip(SkipReason.INVALID, "conversion \"" + goal + "\" not sent: " + e.getMessage());
            return false;
        }
        OutboxTracking o = outbox;
        if (outboxAllowed && o != null && o.write(conversion)) {
            return true;
        }
        return client.track(conversion);
    }

    /** Whether tracking on this thread now goes into the outbox, in the active transaction. */
    boolean outboxInTransaction() {
        OutboxTracking o = outbox;
        return o != null && o.inTransaction();
    }

    /** The variables of the request being handled on this thread, if any. */
    public Optional<PagentVariables> currentVariables() {
        return ServerRequestContext.currentRequest().flatMap(r -> RequestVariables.of(r, carriers));
    }

    /** The variables of {@code request}: what the filter stored, else its headers and query. */
    Optional<PagentVariables> variablesOf(HttpRequest<?> request) {
        return RequestVariables.of(request, carriers);
    }

    /** How many events were not handed to the client, by reason. */
    public Map<SkipReason, Long> skipped() {
        Map<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);
        skipped.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    /** Counts and logs an event that could not be tracked; used by the interceptor too. */
    void skip(SkipReason reason, String message) {
        skipped.get(reason).incrementAndGet();
        warnings.warn(message);
    }
}
