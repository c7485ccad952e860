package ai.pagent;

import ai.pagent.ConversionRules.EncodedProperties;
import ai.pagent.internal.JsonSize;
import ai.pagent.internal.PropertiesTree;
import ai.pagent.internal.TypedProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One conversion event for pagent: a visitor of a browser session reached a goal, optionally with
 * revenue and custom properties. Immutable and valid by construction: {@link Builder#build()}
 * checks every rule pagent's ingest applies (and a few it leaves unstated), so that one bad event
 * can never make pagent reject a whole batch.
 *
 * <pre>{@code
 * PagentVariables v = ...; // the browser's _pgnt.variables("checkout"), sent with the request
 * Conversion c = Conversion.builder()
 *         .variables(v)                       // session_id, user_id, conversion_id
 *         .label("checkout")
 *         .revenue(new BigDecimal("9.99"))    // or .revenueCents(999); 9.995 is rejected
 *         .property("plan", "pro")            // or .properties(Map.of("plan", "pro")), a List of Maps
 *         .build();                           // stamps the time; throws InvalidConversionException
 * client.track(c);
 * }</pre>
 *
 * <p>Rules, with field names as on the wire:
 *
 * <ul>
 *   <li>{@code session_id}, {@code user_id}: required, not blank, at most 256 characters, no
 *       control characters (U+0000–U+001F, U+007F–U+009F), no U+2028/U+2029, no invisible format
 *       characters (Unicode Cf: U+202E, U+200B, U+2066…), no lone surrogates; a value of only
 *       spaces (no-break spaces included) is blank.
 *   <li>{@code conversion_id}: required, a UUID in the 8-4-4-4-12 hex form (any version, any case).
 *   <li>{@code label}: optional, the same character rules as the ids.
 *   <li>{@code revenue}: optional, whole cents, not negative.
 *   <li>{@code properties}: optional, a {@code Map<String, ?>} or a {@code List} of such maps of
 *       Strings, finite Numbers, Booleans, nulls, Maps, Lists and arrays, nested at most 32 deep,
 *       without cycles, or entries added one by one with {@code property(key, value)} (no key
 *       twice); the whole event must fit in 32 KiB of JSON.
 *   <li>{@code time}: epoch milliseconds from 2001-01-01T00:00:00Z (earlier values are almost
 *       certainly seconds) to 2200-01-01T00:00:00Z (later ones are micro- or nanoseconds); the
 *       moment of {@code build()} when not given.
 * </ul>
 *
 * <p>Properties are encoded to their JSON text at {@code build()} (entries of {@code property(key,
 * value)} as they are added): that text is what the event keeps and sends, so changing the map
 * passed in afterwards changes nothing here, and the 32 KiB limit applies to the exact size. {@link
 * #properties()} reads the text back into unmodifiable maps and lists.
 */
public final class Conversion {
    /** Most bytes one event may take as JSON. */
    static final int MAX_EVENT_BYTES = 32 * 1024;

    /** 2001-01-01T00:00:00Z: an epoch-millisecond time before this is almost certainly seconds. */
    static final long MIN_TIME_MILLIS = 978_307_200_000L;

    /** 2200-01-01T00:00:00Z: a time after this is almost certainly micro- or nanoseconds. */
    static final long MAX_TIME_MILLIS = 7_258_118_400_000L;

    static final long NO_REVENUE = Long.MIN_VALUE;

    private final String sessionId;
    private final String userId;
    private final String conversionId;
    private final @Nullable String label;
    private final @Nullable String propertiesJson;
    private final long revenueCents; // NO_REVENUE when absent: no boxing, no flag
    private final long timeMillis;
    private final int encodedSize; // fits in the object's alignment padding

    Conversion(
            String sessionId,
            String userId,
            String conversionId,
            @Nullable String label,
            long revenueCents,
            @Nullable String propertiesJson,
            long timeMillis,
            int encodedSize) {
        this.sessionId = sessionId;
        this.userId = userId;
        this.conversionId = conversionId;
        this.label = label;
        this.revenueCents = revenueCents;
        this.propertiesJson = propertiesJson;
        this.timeMillis = timeMillis;
        this.encodedSize = encodedSize;
    }

    /** Starts an empty builder; session, user and conversion ids are required before {@code build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .sessionId(sessionId)
                .userId(userId)
                .conversionId(conversionId)
                .label(label)
                .timeMillis(timeMillis);
        if (revenueCents != NO_REVENUE) {
            b.revenueCents(revenueCents);
        }
        if (propertiesJson != null) {
            b.properties = new EncodedProperties(propertiesJson, encodedSize - sizeWithoutProperties());
        }
        return b;
    }

    /** The browser session the conversion belongs to ({@code session_id}). */
    public String sessionId() {
        return sessionId;
    }

    /** The visitor's persistent id ({@code user_id}). */
    public String userId() {
        return userId;
    }

    /** The UUID of the goal reached ({@code conversion_id}), as given. */
    public String conversionId() {
        return conversionId;
    }

    /** The human-readable goal tag ({@code label}), when given. */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** The revenue in cents ({@code revenue}; 999 is 9.99), when given. */
    public OptionalLong revenueCents() {
        return revenueCents == NO_REVENUE ? OptionalLong.empty() : OptionalLong.of(revenueCents);
    }

    /**
     * The custom properties, when given, read back from the JSON text this event sends: an
     * unmodifiable {@code Map<String, ?>} or {@code List<Map<String, ?>>} whose nested maps and
     * lists are unmodifiable too, in the order the text has. Arrays became lists and {@code char[]}
     * a string. Whole numbers come back as {@code Integer}, {@code Long} or {@code BigInteger} (the
     * smallest that holds them), other numbers as {@code Double} when a double prints the same, else
     * as {@code BigDecimal}: a {@code Map.of("n", 2L)} reads back as {@code {n=2}} holding an {@code
     * Integer}. A new tree on each call; {@link #propertiesJson()} is the cheap form.
     */
    public Optional<Object> properties() {
        return propertiesJson == null ? Optional.empty() : Optional.of(PropertiesTree.read(propertiesJson));
    }

    /**
     * The custom properties as the JSON text this event sends (UTF-8 on the wire), when given: for
     * storing an event, or logging one that could not be delivered.
     */
    public Optional<String> propertiesJson() {
        return Optional.ofNullable(propertiesJson);
    }

    /** When the conversion happened ({@code time}), to the millisecond. */
    public Instant time() {
        return Instant.ofEpochMilli(timeMillis);
    }

    /** When the conversion happened ({@code time}) in epoch milliseconds. */
    public long timeMillis() {
        return timeMillis;
    }

    /**
     * The exact number of bytes this event takes as JSON in a request body (UTF-8, without the
     * comma between events): what the {@value #MAX_EVENT_BYTES}-byte limit of one event applies
     * to. Computed once, at {@code build()}.
     */
    public int encodedSize() {
        return encodedSize;
    }

    private int sizeWithoutProperties() {
        return JsonSize.eventWithoutProperties(
                sessionId, userId, label, revenueCents != NO_REVENUE, revenueCents, timeMillis);
    }

    /**
     * Equal when every field is equal; properties compare as the maps and lists {@link
     * #properties()} returns do (key order aside).
     */
    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Conversion)) {
            return false;
        }
        Conversion that = (Conversion) o;
        return revenueCents == that.revenueCents
                && timeMillis == that.timeMillis
                && sessionId.equals(that.sessionId)
                && userId.equals(that.userId)
                && conversionId.equals(that.conversionId)
                && Objects.equals(label, that.label)
                && ConversionRules.sameProperties(propertiesJson, that.propertiesJson);
    }

    @Override
    public int hashCode() {
        int h = sessionId.hashCode();
        h = 31 * h + userId.hashCode();
        h = 31 * h + conversionId.hashCode();
        h = 31 * h + Objects.hashCode(label);
        h = 31 * h + Long.hashCode(revenueCents);
        h = 31 * h + ConversionRules.propertiesHash(propertiesJson);
        return 31 * h + Long.hashCode(timeMillis);
    }

    /** Ids, label, revenue and time; properties only by their size, since their values may be long. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(200)
                .append("Conversion{session_id=")
                .append(sessionId)
                .append(", user_id=")
                .append(userId)
                .append(", conversion_id=")
                .append(conversionId);
        if (label != null) {
            sb.append(", label=").append(label);
        }
        if (revenueCents != NO_REVENUE) {
            sb.append(", revenue=").append(revenueCents);
        }
        if (propertiesJson != null) {
            sb.append(", properties=")
                    .append(encodedSize - sizeWithoutProperties() - JsonSize.PROPERTIES_FIELD)
                    .append(" bytes");
        }
        return sb.append(", time=").append(time()).append('}').toString();
    }

    /**
     * Collects a conversion's values; {@link #build()} validates them all at once. Setters never
     * throw: a bad value is reported by {@code build()} together with every other problem. Not
     * thread-safe; {@code build()} may be called more than once.
     */
    public static final class Builder {
        private @Nullable String sessionId;
        private @Nullable String userId;
        private @Nullable String conversionId;
        private @Nullable String label;
        private long revenueCents;
        private boolean hasRevenue;
        private @Nullable String revenueProblem;
        private @Nullable Object properties;
        private @Nullable TypedProperties typed;
        private long timeMillis;
        private boolean hasTime;
        private @Nullable String timeProblem;

        private Builder() {}

        /** Sets the browser session id ({@code session_id}, required); {@code null} leaves it unset. */
        public Builder sessionId(@Nullable String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** Sets the visitor's id ({@code user_id}, required); {@code null} leaves it unset. */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Sets the goal's UUID ({@code conversion_id}, required); {@code null} leaves it unset, as
         * the browser's variables do when no goal matches the label.
         */
        public Builder conversionId(@Nullable String conversionId) {
            this.conversionId = conversionId;
            return this;
        }

        /**
         * Copies session, user and conversion id from the browser's variables. A {@code null}
         * conversion id there (no goal matched) keeps whatever conversion id was set here, so that
         * a goal fixed in configuration wins; without one, {@code build()} reports it missing.
         */
        public Builder variables(PagentVariables variables) {
            this.sessionId = variables.sessionId();
            this.userId = variables.userId();
            if (variables.conversionId() != null) {
                this.conversionId = variables.conversionId();
            }
            return this;
        }

        /** Sets the human-readable goal tag ({@code label}); {@code null} removes it. */
        public Builder label(@Nullable String label) {
            this.label = label;
            return this;
        }

        /** Sets the revenue in cents: {@code 999} is 9.99 in the currency's major unit. */
        public Builder revenueCents(long cents) {
            this.revenueCents = cents;
            this.hasRevenue = true;
            this.revenueProblem = null;
            return this;
        }

        /**
         * Sets the revenue in major units, converted to cents exactly: {@code 9.99} is 999 cents,
         * {@code 10} is 1000. A value with a fraction of a cent ({@code 9.995}) is rejected by
         * {@code build()}, never rounded or truncated. {@code null} removes the revenue.
         */
        public Builder revenue(@Nullable BigDecimal amount) {
            this.hasRevenue = amount != null;
            this.revenueProblem = amount == null ? null : ConversionRules.revenueProblem(amount);
            if (amount != null && revenueProblem == null) {
                this.revenueCents = amount.movePointRight(2).longValueExact();
            }
            return this;
        }

        /**
         * Sets custom properties: a {@code Map<String, ?>} (a JSON object) or a {@code List} of
         * such maps (a JSON array of objects), whose values may be Strings, finite Numbers,
         * Booleans, nulls, Maps with String keys, Lists and arrays. Replaces whatever properties
         * were set before, entries of {@link #property(String, String) property(key, value)}
         * included; {@code null} removes them all.
         *
         * <p>One parameter of type {@code Object} (rather than a {@code Map} and a {@code List}
         * overload) so that {@code properties(null)} compiles; {@link #build()} reports any other
         * type as a violation of {@code properties}.
         */
        public Builder properties(@Nullable Object properties) {
            this.properties = properties;
            this.typed = null;
            return this;
        }

        /**
         * Adds one property of the top-level properties object, without a {@code Map}: the entry
         * is written straight into the event's JSON text, in the order of the calls, as {@code
         * properties(Map)} writes the same entries (same text, same exact size, same rules). A
         * {@code null} value is JSON {@code null}.
         *
         * <pre>{@code
         * Conversion.builder()...property("plan", "pro").property("quantity", 2).build();
         * }</pre>
         *
         * <p>The entries follow those of a {@code Map} set by {@link #properties(Object)} before,
         * or of the event a {@link Conversion#toBuilder()} came from; {@code properties(...)}
         * afterwards replaces them. {@link #build()} reports, naming {@code properties.<key>}: a
         * key given twice (here, or here and in the map); a {@code null} key (as {@code
         * properties.null}, like a map's); a lone surrogate in a key or value; properties that
         * are a {@code List} (typed entries only add to an object). The 32 KiB limit applies to
         * the whole event, as for a map.
         */
        public Builder property(@Nullable String key, @Nullable String value) {
            typed().add(key, value);
            return this;
        }

        /**
         * Adds one whole-number property, as {@link #property(String, String)} does; an {@code
         * int} widens to this and writes the same text an {@code Integer} in a map does.
         */
        public Builder property(@Nullable String key, long value) {
            typed().add(key, value);
            return this;
        }

        /**
         * Adds one number property, as {@link #property(String, String)} does, printed as {@link
         * Double#toString} prints it; {@link #build()} rejects NaN and the infinities, naming the
         * key. A {@code float} widens to a double and prints as one ({@code 0.1f} as {@code
         * 0.10000000149011612}); a {@code Float} in a map keeps its shorter text.
         */
        public Builder property(@Nullable String key, double value) {
            typed().add(key, value);
            return this;
        }

        /** Adds one {@code true}/{@code false} property, as {@link #property(String, String)} does. */
        public Builder property(@Nullable String key, boolean value) {
            typed().add(key, value);
            return this;
        }

        private TypedProperties typed() {
            if (typed == null) {
                typed = new TypedProperties(MAX_EVENT_BYTES);
            }
            return typed;
        }

        /**
         * Sets when the conversion happened (to the millisecond); {@code null} means the moment of
         * {@code build()}. Send the real time when the event is built late (a webhook, a job).
         */
        public Builder time(@Nullable Instant time) {
            this.hasTime = time != null;
            this.timeProblem = time == null ? null : ConversionRules.instantProblem(time);
            if (time != null && timeProblem == null) {
                this.timeMillis = time.toEpochMilli();
            }
            return this;
        }

        /** Sets when the conversion happened in epoch milliseconds (not seconds). */
        public Builder timeMillis(long epochMillis) {
            this.timeProblem = null;
            this.hasTime = true;
            this.timeMillis = epochMillis;
            return this;
        }

        /**
         * Validates every value and builds the event, stamping the current time when none was
         * set.
         *
         * @throws InvalidConversionException listing every violation found, each naming the field
         */
        public Conversion build() {
            // The builder's values go as arguments, so that the builder does not escape: where
            // builder() ... build() is compiled as one piece, the JIT need not allocate the builder.
            return ConversionRules.build(
                    sessionId,
                    userId,
                    conversionId,
                    label,
                    hasRevenue,
                    revenueCents,
                    revenueProblem,
                    properties,
                    typed,
                    hasTime,
                    timeMillis,
                    timeProblem);
        }
    }
}
