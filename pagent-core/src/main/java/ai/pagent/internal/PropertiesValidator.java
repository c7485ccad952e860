package ai.pagent.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validates a conversion's {@code properties} by encoding them to their JSON text, once: what is
 * kept is the text (compact, and a snapshot no later change to the caller's maps can reach), its
 * size in UTF-8 bytes is exact, and the walk stops as soon as the text passes the budget, so that
 * neither a huge list nor a graph that shares one child between many parents costs more than the
 * budget's worth of work.
 *
 * <p>Accepted: {@link String}, {@link Boolean}, {@code null}, {@link Integer}, {@link Long}, {@link
 * Short}, {@link Byte}, finite {@link Double} and {@link Float}, {@link BigDecimal} and {@link
 * BigInteger} that a JSON reader can take (at most {@value #MAX_NUMBER_LENGTH} characters, within a
 * double's range), {@link Map} with {@code String} keys, {@link List}, {@code Object[]} and
 * primitive arrays ({@code char[]} becomes a string, as Jackson databind writes it). Anything else —
 * other {@code Number} types included — is rejected with the path of the value.
 *
 * <p>Strings are escaped as Jackson escapes them (quotes, backslash, control characters; {@code
 * \b\t\n\f\r} short, others as upper-case {@code \}{@code u00XX}); numbers print as {@code
 * toString()} does. Not thread-safe: one walk at a time per instance. {@link #acquire} lends the
 * calling thread's instance, so that building an event allocates no encoder, buffer or path arrays.
 */
public final class PropertiesValidator {
    /** Deepest nesting of maps and lists accepted (the properties object itself is depth 0). */
    public static final int MAX_DEPTH = 32;

    /** Most digits of a number accepted: Jackson's default {@code StreamReadConstraints} limit. */
    static final int MAX_NUMBER_LENGTH = 1000;

    /** Violations listed individually; the rest are counted so that one bad list cannot flood. */
    static final int MAX_LISTED = 10;

    // A BigInteger of more bits than this has more than MAX_NUMBER_LENGTH digits: no need to print it.
    private static final int MAX_NUMBER_BITS = (int) (MAX_NUMBER_LENGTH / Math.log10(2)) + 1;

    private final JsonText out;
    private int violationCount;
    private @Nullable List<String> violations;

    // The path from the root to the container being walked, for cycle checks and messages;
    // allocated for the first nested container, so that flat properties allocate nothing for it.
    private @Nullable Object root;
    private Object[] containers = NO_PATH;
    private @Nullable String[] keys = NO_KEYS;
    private int[] indexes = NO_INDEXES;

    private static final Object[] NO_PATH = {};
    private static final String[] NO_KEYS = {};
    private static final int[] NO_INDEXES = {};

    private static final ThreadLocal<PropertiesValidator> PER_THREAD =
            ThreadLocal.withInitial(() -> new PropertiesValidator(0));

    private boolean lent;

    /**
     * @param budget the most UTF-8 bytes the properties may take as JSON; the walk stops beyond it
     */
    public PropertiesValidator(int budget) {
        this.out = new JsonText(budget);
    }

    /**
     * The calling thread's validator, emptied, for one walk within {@code budget}; give it back with
     * {@link #release()} (in a {@code finally}). A fresh one when the thread's is lent already (a
     * {@code Map} of the caller's that builds another event while it is being read).
     */
    public static PropertiesValidator acquire(int budget) {
        PropertiesValidator v = PER_THREAD.get();
        if (v.lent) {
            return new PropertiesValidator(budget);
        }
        v.lent = true;
        v.out.reset(budget);
        return v;
    }

    /**
     * Ends a walk: forgets the caller's objects (the root, the containers on the path) and the
     * violations, so that nothing of one event stays reachable from the thread, and lends the
     * validator again.
     */
    public void release() {
        root = null;
        violations = null;
        violationCount = 0;
        if (containers.length > 0) {
            Arrays.fill(containers, null);
            Arrays.fill(keys, null);
        }
        lent = false;
    }

    /**
     * Validates and encodes the top-level properties: a {@code Map} or a {@code List} of maps.
     *
     * @return the JSON text; only meaningful when {@link #violations()} is {@code null} and {@link
     *     #overBudget()} is {@code false}
     */
    public String encode(Object properties) {
        root = properties;
        if (properties instanceof Map) {
            writeMap((Map<?, ?>) properties, 0);
        } else if (properties instanceof List) {
            List<?> list = (List<?>) properties;
            out.write('[');
            int i = 0;
            for (Object element : list) {
                if (out.overBudget()) {
                    break;
                }
                if (i > 0) {
                    out.write(',');
                }
                if (element instanceof Map) {
                    writeChild(element, 0, null, i);
                } else {
                    violation(0, null, i, "must be an object (a Map), was " + typeName(element));
                    out.writeAscii("null");
                }
                i++;
            }
            out.write(']');
        } else {
            violation(-1, null, -1, "must be a Map or a List of Maps, was " + typeName(properties));
        }
        return out.text();
    }

    /** UTF-8 bytes of the JSON text; more than the budget when stopped early. */
    public int encodedSize() {
        return out.bytes();
    }

    /** Whether the walk stopped because the properties take more bytes than the budget. */
    public boolean overBudget() {
        return out.overBudget();
    }

    /** How many violations were found, listed or not (before {@link #violations()} is read). */
    public int violationCount() {
        return violationCount;
    }

    /** The violations listed, without the count of those that are not; {@code null} when none. */
    public @Nullable List<String> listedViolations() {
        return violations;
    }

    /** Every "path: rule" violation found, or {@code null} when there is none. */
    public @Nullable List<String> violations() {
        if (violations != null && violationCount > MAX_LISTED) {
            violations.add("properties: " + (violationCount - MAX_LISTED) + " more violations not listed");
            violationCount = MAX_LISTED; // keep this idempotent
        }
        return violations;
    }

    private void writeMap(Map<?, ?> map, int depth) {
        out.write('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (out.overBudget()) {
                return;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            Object rawKey = e.getKey();
            if (!(rawKey instanceof String)) {
                violation(depth, String.valueOf(rawKey), -1, PropertyRules.keyNotString(typeName(rawKey)));
                out.writeAscii("\"\":null");
                continue;
            }
            String key = (String) rawKey;
            int bad = out.writeString(key);
            if (bad >= 0) {
                violation(depth, key, -1, "key " + PropertyRules.loneSurrogate(key, bad));
            }
            out.write(':');
            writeValue(e.getValue(), depth, key, -1);
        }
        out.write('}');
    }

    private void writeList(Iterable<?> list, int depth) {
        out.write('[');
        int i = 0;
        for (Object element : list) {
            if (out.overBudget()) {
                return;
            }
            if (i > 0) {
                out.write(',');
            }
            writeValue(element, depth, null, i);
            i++;
        }
        out.write(']');
    }

    /**
     * Writes one value held by the container at {@code depth} under {@code key} (a map entry) or at
     * {@code index} (a list element); an invalid one is reported and written as {@code null}, so
     * that every value visited costs budget.
     */
    private void writeValue(@Nullable Object value, int depth, @Nullable String key, int index) {
        // The common leaves by their exact (final) class first: an instanceof test of an interface
        // (Map, List) costs a scan of the value's supertypes, paid by every number otherwise.
        Class<?> type = value == null ? null : value.getClass();
        if (type == Double.class) {
            writeOtherLeaf(value, depth, key, index);
            return;
        }
        if (type == Integer.class || type == Long.class) {
            out.writeLong(((Number) value).longValue());
            return;
        }
        if (value == null) {
            out.writeAscii("null");
        } else if (value instanceof String) {
            String s = (String) value;
            int bad = out.writeString(s);
            if (bad >= 0) {
                violation(depth, key, index, PropertyRules.loneSurrogate(s, bad));
            }
        } else if (value instanceof Boolean) {
            out.writeAscii((Boolean) value ? "true" : "false");
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.writeLong(((Number) value).longValue());
        } else if (value instanceof Map || value instanceof List || value instanceof Object[]) {
            writeChild(value, depth, key, index);
        } else if (value.getClass().isArray()) {
            writePrimitiveArray(value, depth, key, index);
        } else {
            writeOtherLeaf(value, depth, key, index);
        }
    }

    private void writeOtherLeaf(Object value, int depth, @Nullable String key, int index) {
        String problem;
        if (value instanceof Double) {
            problem = writeDouble((Double) value);
        } else if (value instanceof Float) {
            float f = (Float) value;
            problem = Float.isFinite(f) ? null : "must be a finite number, was " + f;
            if (problem == null) {
                out.writeAscii(Float.toString(f));
            }
        } else if (value instanceof BigInteger) {
            problem = writeBigInteger((BigInteger) value);
        } else if (value instanceof BigDecimal) {
            problem = writeBigDecimal((BigDecimal) value);
        } else {
            problem = "unsupported type " + typeName(value)
                    + " (use String, Number, Boolean, null, Map, List or an array)";
        }
        if (problem != null) {
            violation(depth, key, index, problem);
            out.writeAscii("null");
        }
    }

    private @Nullable String writeDouble(double d) {
        if (!Double.isFinite(d)) {
            return PropertyRules.notFinite(d);
        }
        out.writeFiniteDouble(d);
        return null;
    }

    private @Nullable String writeBigInteger(BigInteger value) {
        // A subclass could print itself oddly: write what a plain BigInteger of its bits prints.
        BigInteger plain = value.getClass() == BigInteger.class ? value : new BigInteger(value.toByteArray());
        if (plain.bitLength() > MAX_NUMBER_BITS) {
            return "must be a number of at most " + MAX_NUMBER_LENGTH + " digits, has about "
                    + (long) (plain.bitLength() * Math.log10(2)) + " digits";
        }
        return writeNumberText(plain.toString());
    }

    private @Nullable String writeBigDecimal(BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() > MAX_NUMBER_BITS) {
            return "must be a number of at most " + MAX_NUMBER_LENGTH + " digits, has about "
                    + (long) (unscaled.bitLength() * Math.log10(2)) + " digits";
        }
        BigDecimal plain = value.getClass() == BigDecimal.class ? value : new BigDecimal(unscaled, value.scale());
        String text = plain.toString();
        if (text.length() <= MAX_NUMBER_LENGTH + 16 && Double.isInfinite(plain.doubleValue())) {
            // 1E+1000000: a JSON reader that reads numbers as doubles (most do) gets Infinity
            return "must be a finite number within the range of a double, was " + text;
        }
        return writeNumberText(text);
    }

    private @Nullable String writeNumberText(String text) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            int digits = 0; // what Jackson limits: the digits, not the sign, point or exponent marker
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits++;
                }
            }
            if (digits > MAX_NUMBER_LENGTH) {
                return "must be a number of at most " + MAX_NUMBER_LENGTH + " digits, has " + digits;
            }
        }
        out.writeAscii(text);
        return null;
    }

    private void writePrimitiveArray(Object array, int depth, @Nullable String key, int index) {
        if (array instanceof char[]) {
            String s = new String((char[]) array);
            int bad = out.writeString(s);
            if (bad >= 0) {
                violation(depth, key, index, PropertyRules.loneSurrogate(s, bad));
            }
            return;
        }
        if (depth + 1 > MAX_DEPTH) {
            violation(depth, key, index, "nested deeper than " + MAX_DEPTH + " levels");
            out.writeAscii("null");
            return;
        }
        if (keys.length == 0) {
            containers = new Object[MAX_DEPTH + 1];
            keys = new String[MAX_DEPTH + 1];
            indexes = new int[MAX_DEPTH + 1];
        }
        keys[depth + 1] = key;
        indexes[depth + 1] = index;
        int n = java.lang.reflect.Array.getLength(array);
        out.write('[');
        for (int i = 0; i < n && !out.overBudget(); i++) {
            if (i > 0) {
                out.write(',');
            }
            if (array instanceof int[]) {
                out.writeLong(((int[]) array)[i]);
            } else if (array instanceof long[]) {
                out.writeLong(((long[]) array)[i]);
            } else if (array instanceof double[]) {
                String problem = writeDouble(((double[]) array)[i]);
                if (problem != null) {
                    violation(depth + 1, null, i, problem);
                    out.writeAscii("null");
                }
            } else if (array instanceof boolean[]) {
                out.writeAscii(((boolean[]) array)[i] ? "true" : "false");
            } else if (array instanceof float[]) {
                writeOtherLeaf(((float[]) array)[i], depth + 1, null, i);
            } else if (array instanceof short[]) {
                out.writeLong(((short[]) array)[i]);
            } else {
                out.writeLong(((byte[]) array)[i]);
            }
        }
        out.write(']');
    }

    private void writeChild(Object child, int depth, @Nullable String key, int index) {
        int childDepth = depth + 1;
        if (childDepth > MAX_DEPTH) {
            violation(depth, key, index, "nested deeper than " + MAX_DEPTH + " levels");
            out.writeAscii("null");
            return;
        }
        if (containers.length == 0) {
            containers = new Object[MAX_DEPTH + 1];
            keys = new String[MAX_DEPTH + 1];
            indexes = new int[MAX_DEPTH + 1];
        }
        // A child identical to one of its enclosing containers is a cycle.
        for (int d = 0; d <= depth; d++) {
            if ((d == 0 ? root : containers[d]) == child) {
                violation(depth, key, index, "refers back to an enclosing map or list (a cycle)");
                out.writeAscii("null");
                return;
            }
        }
        containers[childDepth] = child;
        keys[childDepth] = key;
        indexes[childDepth] = index;
        if (child instanceof Map) {
            writeMap((Map<?, ?>) child, childDepth);
        } else if (child instanceof List) {
            writeList((List<?>) child, childDepth);
        } else {
            writeList(Arrays.asList((Object[]) child), childDepth);
        }
        containers[childDepth] = null; // so that a sibling identical to this child is no cycle
    }

    private void violation(int depth, @Nullable String key, int index, String rule) {
        violationCount++;
        if (violationCount > MAX_LISTED) {
            return;
        }
        if (violations == null) {
            violations = new ArrayList<>(4);
        }
        violations.add(path(depth, key, index) + ": " + rule);
    }

    /** "properties.plan.items[2]": the segments down to the container at depth, then this one. */
    private String path(int depth, @Nullable String key, int index) {
        StringBuilder sb = new StringBuilder("properties");
        for (int d = 1; d <= depth; d++) {
            PropertyRules.appendSegment(sb, keys[d], indexes[d]);
        }
        if (depth >= 0) {
            PropertyRules.appendSegment(sb, key, index);
        }
        return sb.toString();
    }

    private static String typeName(@Nullable Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
