package ai.pagent;

import ai.pagent.internal.Ids;
import ai.pagent.internal.JsonSize;
import ai.pagent.internal.PropertiesTree;
import ai.pagent.internal.PropertiesValidator;
import ai.pagent.internal.TypedProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rules {@link Conversion.Builder#build()} applies, worded as its violations. {@link #build}
 * checks plain values in one pass each and computes the event's exact size as it goes; the full
 * rules ({@link #fieldViolations}) and the merging of typed property entries with a map ({@link
 * #merge}) run only when that pass found something to look at, so a valid event pays for neither.
 */
final class ConversionRules {
    private ConversionRules() {}

    /**
     * Validates a builder's values and builds the event (see {@link Conversion.Builder#build()}).
     *
     * @throws InvalidConversionException listing every violation found, each naming the field
     */
    static Conversion build(
            @Nullable String sessionId,
            @Nullable String userId,
            @Nullable String conversionId,
            @Nullable String label,
            boolean hasRevenue,
            long revenueCents,
            @Nullable String revenueProblem,
            @Nullable Object properties,
            @Nullable TypedProperties typed,
            boolean hasTime,
            long timeMillis,
            @Nullable String timeProblem) {
        // Nothing is allocated here for a valid event but the event and the properties' JSON.
        // Plain ASCII ids are checked and sized in one pass; anything else by the full rules.
        int sessionBytes = Ids.plainQuotedSize(sessionId);
        int userBytes = Ids.plainQuotedSize(userId);
        int labelBytes = label == null ? 0 : Ids.plainQuotedSize(label);
        long time = hasTime ? timeMillis : System.currentTimeMillis();
        @Nullable List<String> violations = null;
        if ((sessionBytes | userBytes | labelBytes) < 0
                || revenueProblem != null
                || (hasRevenue && revenueCents < 0)
                || timeProblem != null
                || !timeInRange(time)
                || Ids.uuidProblem(conversionId) != null) {
            violations = fieldViolations(
                    sessionId,
                    userId,
                    conversionId,
                    label,
                    hasRevenue,
                    revenueCents,
                    revenueProblem,
                    time,
                    timeProblem);
            sessionBytes = quotedSize(sessionId, sessionBytes);
            userBytes = quotedSize(userId, userBytes);
            labelBytes = label == null ? 0 : quotedSize(label, labelBytes);
        }

        // The exact size: a valid conversion_id is 36 ASCII characters.
        int size = JsonSize.eventWithoutProperties(
                sessionBytes, userBytes, label != null, labelBytes, hasRevenue, revenueCents, time);
        @Nullable String json = null;
        if (typed != null && properties == null) {
            json = typed.json();
            size += JsonSize.PROPERTIES_FIELD + typed.encodedSize();
            violations = addAll(violations, typed.violations());
        } else if (typed != null) {
            size += JsonSize.PROPERTIES_FIELD;
            Merged merged = merge(Objects.requireNonNull(properties), typed, Conversion.MAX_EVENT_BYTES - size);
            json = merged.json;
            size += merged.bytes;
            violations = addAll(violations, merged.violations);
        } else if (properties instanceof EncodedProperties) { // from toBuilder(): validated already
            EncodedProperties encoded = (EncodedProperties) properties;
            json = encoded.json;
            size += encoded.bytes;
        } else if (properties != null) {
            size += JsonSize.PROPERTIES_FIELD;
            PropertiesValidator encoder = PropertiesValidator.acquire(Conversion.MAX_EVENT_BYTES - size);
            try {
                json = encoder.encode(properties);
                size += encoder.encodedSize();
                violations = addAll(violations, encoder.violations());
            } finally {
                encoder.release();
            }
        }
        if (size > Conversion.MAX_EVENT_BYTES) { // the encoders stop just past it: "more" is all they know
            violations = add(
                    violations,
                    "properties",
                    "too large: the event must take at most " + Conversion.MAX_EVENT_BYTES
                            + " bytes (32 KiB) of JSON, and would take more");
        }
        if (violations != null) {
            throw new InvalidConversionException(violations);
        }
        return new Conversion(
                Objects.requireNonNull(sessionId),
                Objects.requireNonNull(userId),
                Objects.requireNonNull(conversionId),
                label,
                hasRevenue ? revenueCents : Conversion.NO_REVENUE,
                json,
                time,
                size);
    }

    /** Every violation of the ids, label, revenue and time rules, or {@code null} when there is none. */
    static @Nullable List<String> fieldViolations(
            @Nullable String sessionId,
            @Nullable String userId,
            @Nullable String conversionId,
            @Nullable String label,
            boolean hasRevenue,
            long revenueCents,
            @Nullable String revenueProblem,
            long time,
            @Nullable String timeProblem) {
        @Nullable List<String> violations = null;
        @Nullable String p;
        if ((p = Ids.idProblem(sessionId)) != null) {
            violations = add(violations, "session_id", p);
        }
        if ((p = Ids.idProblem(userId)) != null) {
            violations = add(violations, "user_id", p);
        }
        if ((p = Ids.uuidProblem(conversionId)) != null) {
            violations = add(violations, "conversion_id", p);
        }
        if ((p = Ids.optionalIdProblem(label)) != null) {
            violations = add(violations, "label", p);
        }
        if (revenueProblem != null) {
            violations = add(violations, "revenue", revenueProblem);
        } else if (hasRevenue && revenueCents < 0) {
            violations = add(violations, "revenue", "must not be negative, was " + revenueCents);
        }
        if (timeProblem != null) {
            violations = add(violations, "time", timeProblem);
        } else if (time < Conversion.MIN_TIME_MILLIS) {
            violations = add(
                    violations,
                    "time",
                    "must be epoch milliseconds from 2001-01-01T00:00:00Z (" + Conversion.MIN_TIME_MILLIS + "), was "
                            + time + ", which looks like seconds, not milliseconds");
        } else if (time > Conversion.MAX_TIME_MILLIS) {
            violations = add(
                    violations,
                    "time",
                    "must be epoch milliseconds before 2200-01-01T00:00:00Z (" + Conversion.MAX_TIME_MILLIS + "), was "
                            + time + ", which looks like micro- or nanoseconds, not milliseconds");
        }
        return violations;
    }

    /** Whether a time in epoch milliseconds is within the accepted range. */
    static boolean timeInRange(long time) {
        return time >= Conversion.MIN_TIME_MILLIS && time <= Conversion.MAX_TIME_MILLIS;
    }

    /** {@code plainSize} when known (not negative), else the bytes of the id as a quoted JSON string. */
    static int quotedSize(@Nullable String id, int plainSize) {
        if (plainSize >= 0) {
            return plainSize;
        }
        return id == null ? 2 : JsonSize.quoted(id); // an absent one counts as ""
    }

    /**
     * Why {@code amount} is no revenue in whole cents that fit a {@code long} (negative, a fraction
     * of a cent, too large), or {@code null} when {@code amount.movePointRight(2).longValueExact()}
     * gives its cents.
     */
    static @Nullable String revenueProblem(BigDecimal amount) {
        if (amount.signum() < 0) {
            return "must not be negative, was " + shorten(amount.toString());
        }
        BigDecimal cents;
        try {
            cents = amount.movePointRight(2);
        } catch (ArithmeticException e) { // the scale overflows: absurdly large or precise
            return "is not a whole number of cents that fits a long, was " + shorten(amount.toString());
        }
        if (cents.scale() > 0 && cents.stripTrailingZeros().scale() > 0) {
            return "must be a whole number of cents (at most 2 decimal places; never rounded), was "
                    + shorten(amount.toString());
        }
        try {
            cents.longValueExact();
        } catch (ArithmeticException e) {
            return "is too large for cents in a long, was " + shorten(amount.toString());
        }
        return null;
    }

    /** Whether two properties' JSON texts hold the same maps and lists (key order aside). */
    static boolean sameProperties(@Nullable String a, @Nullable String b) {
        if (a == null || b == null || a.equals(b)) {
            return Objects.equals(a, b);
        }
        return a.length() == b.length() && PropertiesTree.read(a).equals(PropertiesTree.read(b));
    }

    /** A hash code of properties' JSON text agreeing with {@link #sameProperties}. */
    static int propertiesHash(@Nullable String json) {
        return json == null ? 0 : PropertiesTree.read(json).hashCode();
    }

    /** Why {@code time} is no time in epoch milliseconds (it overflows a long), or {@code null}. */
    static @Nullable String instantProblem(Instant time) {
        try {
            time.toEpochMilli();
            return null;
        } catch (ArithmeticException e) {
            return "must be between 2001-01-01T00:00:00Z and 2200-01-01T00:00:00Z, was " + time;
        }
    }

    static List<String> add(@Nullable List<String> violations, String field, String rule) {
        List<String> list = violations == null ? new ArrayList<>(4) : violations;
        list.add(field + ": " + rule);
        return list;
    }

    static @Nullable List<String> addAll(@Nullable List<String> violations, @Nullable List<String> found) {
        if (found == null) {
            return violations;
        }
        List<String> list = violations == null ? new ArrayList<>(found.size() + 2) : violations;
        list.addAll(found);
        return list;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "… (" + s.length() + " characters)";
    }

    /** Properties a {@code toBuilder()} carries over: validated and encoded already. */
    static final class EncodedProperties {
        final String json;
        final int bytes; // ,"properties": included

        EncodedProperties(String json, int bytes) {
            this.json = json;
            this.bytes = bytes;
        }
    }

    /** Properties set both ways, as one object: its JSON text, its UTF-8 bytes, what is wrong with it. */
    static final class Merged {
        final String json;
        final int bytes; // ,"properties": not included
        final @Nullable List<String> violations;

        Merged(String json, int bytes, @Nullable List<String> violations) {
            this.json = json;
            this.bytes = bytes;
            this.violations = violations;
        }
    }

    /**
     * The object of {@code properties} (a {@code Map}, or one carried over by {@code toBuilder()})
     * with the typed entries after its own. A key in both is a violation; so is {@code properties}
     * being anything but an object, since typed entries only add to one.
     */
    static Merged merge(Object properties, TypedProperties typed, int budget) {
        String base;
        int baseBytes;
        Iterable<?> baseKeys;
        @Nullable List<String> listed = null;
        int count = 0;
        if (properties instanceof EncodedProperties && ((EncodedProperties) properties).json.startsWith("{")) {
            EncodedProperties encoded = (EncodedProperties) properties;
            base = encoded.json;
            baseBytes = encoded.bytes - JsonSize.PROPERTIES_FIELD;
            baseKeys = ((Map<?, ?>) PropertiesTree.read(base)).keySet();
        } else if (properties instanceof Map) {
            PropertiesValidator encoder = PropertiesValidator.acquire(budget);
            try {
                base = encoder.encode(properties);
                baseBytes = encoder.encodedSize();
                listed = encoder.listedViolations();
                count = encoder.violationCount();
            } finally {
                encoder.release();
            }
            baseKeys = ((Map<?, ?>) properties).keySet();
        } else {
            String type = properties instanceof EncodedProperties || properties instanceof List
                    ? "a List"
                    : properties.getClass().getName();
            List<String> violations =
                    add(null, "properties", "must be a Map when property(key, value) adds entries to it, was " + type);
            return new Merged(typed.json(), typed.encodedSize(), addAll(violations, typed.violations()));
        }
        String entries = typed.json();
        boolean baseEmpty = base.length() == 2; // "{}"
        String json = base.substring(0, base.length() - 1) + (baseEmpty ? "" : ",") + entries.substring(1);
        return new Merged(
                json,
                baseBytes + typed.encodedSize() - (baseEmpty ? 2 : 1),
                typed.violationsAfter(listed, count, baseKeys));
    }
}
