package ai.pagent.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validates a conversion's {@code properties}, copies them into an immutable tree and measures how
 * many bytes they take as JSON, all in one walk.
 *
 * <p>Accepted: {@link String}, {@link Boolean}, {@code null}, {@link Integer}, {@link Long},
 * {@link Short}, {@link Byte}, finite {@link Double} and {@link Float}, {@link BigDecimal}, {@link
 * BigInteger}, {@link Map} with {@code String} keys, {@link List}, {@code Object[]} and primitive
 * arrays. Anything else — other {@code Number} types included, since {@code AtomicLong} and friends
 * are mutable — is rejected with the path of the value. Arrays become unmodifiable lists ({@code
 * char[]} becomes a string, as Jackson databind writes it).
 *
 * <p>The size is an upper bound of the encoded length that is exact for strings and integers, so
 * that {@code build()} can enforce the event size limit without encoding anything. The walk stops
 * once the limit is passed, which bounds its cost for absurdly large input.
 *
 * <p>Not thread-safe; one instance per walk.
 */
public final class PropertiesValidator {
    /** Deepest nesting of maps and lists accepted (the properties object itself is depth 0). */
    public static final int MAX_DEPTH = 32;

    /** Violations listed individually; the rest are counted so that one bad list cannot flood. */
    static final int MAX_LISTED = 10;

    /** Bytes of each ASCII character inside a JSON string as Jackson writes it (escapes included). */
    private static final byte[] ASCII_BYTES = new byte[128];

    static {
        Arrays.fill(ASCII_BYTES, (byte) 1);
        for (int c = 0; c < 0x20; c++) {
            ASCII_BYTES[c] = 6; // \\u00XX
        }
        for (char c : new char[] {'\b', '\t', '\n', '\f', '\r', '"', '\\'}) {
            ASCII_BYTES[c] = 2;
        }
    }

    /**
     * The classes of {@code Map.of}/{@code List.of} (and {@code Map.copyOf}, {@code List.copyOf},
     * {@code Stream.toList}). Instances are immutable and not views of anything mutable, so when
     * all their contents are immutable too they can be kept as they are instead of being copied.
     */
    private static final Class<?> MAP_OF_0 = Map.of().getClass();

    private static final Class<?> MAP_OF_1 = Map.of("k", "v").getClass();
    private static final Class<?> MAP_OF_N = Map.of("k", "v", "k2", "v").getClass();
    private static final Class<?> LIST_OF_1 = List.of("e").getClass();
    private static final Class<?> LIST_OF_N = List.of("e", "e", "e").getClass();

    private final long budget;
    private @Nullable Object root;
    private long size;
    private boolean overBudget;
    private int violationCount;
    private @Nullable List<String> violations;

    // The path from the root to the container being walked, kept only below the root so that the
    // common flat properties object allocates nothing for it.
    private static final Object[] NO_CONTAINERS = {};
    private static final String[] NO_KEYS = {};
    private static final int[] NO_INDEXES = {};

    private Object[] containers = NO_CONTAINERS;
    private @Nullable String[] keys = NO_KEYS;
    private int[] indexes = NO_INDEXES;

    /**
     * @param budget the most bytes the properties may take as JSON; the walk stops beyond it
     */
    public PropertiesValidator(long budget) {
        this.budget = budget;
    }

    /**
     * Validates and copies the top-level properties: a {@code Map} or a {@code List} of maps.
     *
     * @return the immutable copy (or the argument itself when it is already immutable); only
     *     meaningful when {@link #violations()} is {@code null}
     */
    public Object copyTopLevel(Object properties) {
        if (properties instanceof List) {
            List<?> list = (List<?>) properties;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (!(element instanceof Map)) {
                    violation(0, null, i, "must be an object (a Map), was " + typeName(element));
                }
            }
        } else if (!(properties instanceof Map)) {
            violation(-1, null, -1, "must be a Map or a List of Maps, was " + typeName(properties));
            return properties;
        }
        if (violations != null) {
            return properties;
        }
        root = properties;
        return copyContainer(properties, 0);
    }

    /**
     * The fast path for the most common properties, a small {@code Map.of} of plain values: their
     * JSON size when {@code properties} is an immutable {@code Map.of}/{@code Map.copyOf} map whose
     * values are all Strings (without lone surrogates), Booleans, Integers or Longs, else {@code
     * -1} (walk it with an instance). Such a map needs no copy and cannot hold a cycle, so nothing
     * is allocated for it but the iterator.
     */
    public static long flatImmutableSize(Object properties) {
        if (!(properties instanceof Map) || !isImmutableMap((Map<?, ?>) properties)) {
            return -1;
        }
        Map<?, ?> map = (Map<?, ?>) properties;
        long bytes = 1 + map.size(); // {} and the commas between entries
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            Object value = e.getValue();
            if (!(key instanceof String)) {
                return -1;
            }
            long keySize = stringSize((String) key);
            long valueSize;
            if (value instanceof String) {
                valueSize = stringSize((String) value);
            } else if (value instanceof Integer || value instanceof Long) {
                valueSize = digits(((Number) value).longValue());
            } else if (value instanceof Boolean) {
                valueSize = ((Boolean) value) ? 4 : 5;
            } else {
                return -1;
            }
            if (keySize < 0 || valueSize < 0) {
                return -1;
            }
            bytes += keySize + 1 + valueSize;
        }
        return bytes;
    }

    /** Bytes the properties take as JSON (an upper bound); more than the budget if stopped early. */
    public long encodedSize() {
        return size;
    }

    /** Whether the walk stopped because the properties are larger than the budget. */
    public boolean overBudget() {
        return overBudget;
    }

    /** Every "path: rule" violation found, or {@code null} when there is none. */
    public @Nullable List<String> violations() {
        if (violations != null && violationCount > MAX_LISTED) {
            violations.add("properties: " + (violationCount - MAX_LISTED) + " more violations not listed");
            violationCount = MAX_LISTED; // keep this idempotent
        }
        return violations;
    }

    /** Copies a Map, List or array found at {@code depth} (0 for the root). */
    private Object copyContainer(Object container, int depth) {
        if (container instanceof Map) {
            return copyMap((Map<?, ?>) container, depth);
        }
        if (container instanceof List) {
            return copyList((List<?>) container, depth);
        }
        return copyArray(container, depth);
    }

    private Object copyMap(Map<?, ?> map, int depth) {
        boolean keep = isImmutableMap(map);
        // keep: the copy is built only if a child turns out to need copying.
        @Nullable LinkedHashMap<String, @Nullable Object> copy = keep ? null : newLinkedHashMap(map.size());
        size += 2; // {}
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (overBudget) {
                return map;
            }
            if (!first) {
                size++; // ,
            }
            first = false;
            Object rawKey = e.getKey();
            if (!(rawKey instanceof String)) {
                violation(
                        depth,
                        String.valueOf(rawKey),
                        -1,
                        "keys must be Strings, found a key of type " + typeName(rawKey));
                continue;
            }
            String key = (String) rawKey;
            long keySize = stringSize(key);
            if (keySize < 0) {
                violation(depth, key, -1, "key " + loneSurrogate(key, keySize));
                continue;
            }
            size += keySize + 1; // "key":
            Object value = e.getValue();
            Object copied = copyValue(value, depth, key, -1);
            if (copy != null) {
                copy.put(key, copied);
            } else if (copied != value) {
                copy = newLinkedHashMap(map.size());
                for (Map.Entry<?, ?> before : map.entrySet()) {
                    if (before.getKey() == rawKey) {
                        break;
                    }
                    if (before.getKey() instanceof String) { // else already reported
                        copy.put((String) before.getKey(), before.getValue());
                    }
                }
                copy.put(key, copied);
            }
        }
        return copy == null ? map : Collections.unmodifiableMap(copy);
    }

    private Object copyList(List<?> list, int depth) {
        boolean keep = isImmutableList(list);
        int n = list.size();
        @Nullable Object[] copy = keep ? null : new Object[n];
        size += 2 + Math.max(0, n - 1); // [] and commas
        int i = 0;
        // Iterating rather than get(i): a LinkedList must not cost n².
        for (Object value : list) {
            if (overBudget || i >= n) {
                return list;
            }
            Object copied = copyValue(value, depth, null, i);
            if (copy != null) {
                copy[i] = copied;
            } else if (copied != value) {
                copy = list.toArray();
                copy[i] = copied;
            }
            i++;
        }
        return copy == null ? list : Collections.unmodifiableList(Arrays.asList(copy));
    }

    private Object copyArray(Object array, int depth) {
        if (array instanceof Object[]) {
            Object[] a = (Object[]) array;
            @Nullable Object[] copy = new Object[a.length];
            size += 2 + Math.max(0, a.length - 1);
            for (int i = 0; i < a.length && !overBudget; i++) {
                copy[i] = copyValue(a[i], depth, null, i);
            }
            return Collections.unmodifiableList(Arrays.asList(copy));
        }
        int n = java.lang.reflect.Array.getLength(array);
        size += 2 + Math.max(0, n - 1);
        Object[] copy = new Object[n];
        for (int i = 0; i < n && !overBudget; i++) {
            Object element = java.lang.reflect.Array.get(array, i); // boxes: primitive arrays are rare
            copy[i] = element;
            addSize(leafSize(element, depth, null, i));
        }
        return Collections.unmodifiableList(Arrays.asList(copy));
    }

    /**
     * Checks one value held by the container at {@code depth} under {@code key} (a map entry) or at
     * {@code index} (a list element) and returns its immutable copy.
     */
    private @Nullable Object copyValue(@Nullable Object value, int depth, @Nullable String key, int index) {
        if (value == null) {
            addSize(4);
            return null;
        }
        if (value instanceof Map || value instanceof List || value.getClass().isArray()) {
            if (value instanceof char[]) {
                String s = new String((char[]) value);
                addSize(leafSize(s, depth, key, index));
                return s;
            }
            return copyChild(value, depth, key, index);
        }
        addSize(leafSize(value, depth, key, index));
        if (value instanceof BigDecimal && value.getClass() != BigDecimal.class) {
            // A subclass could be mutable or print itself oddly: keep a plain BigDecimal.
            BigDecimal d = (BigDecimal) value;
            return new BigDecimal(d.unscaledValue(), d.scale());
        }
        if (value instanceof BigInteger && value.getClass() != BigInteger.class) {
            return new BigInteger(((BigInteger) value).toByteArray());
        }
        return value;
    }

    private Object copyChild(Object child, int depth, @Nullable String key, int index) {
        int childDepth = depth + 1;
        if (childDepth > MAX_DEPTH) {
            violation(depth, key, index, "nested deeper than " + MAX_DEPTH + " levels");
            return child;
        }
        if (containers.length <= childDepth) {
            int length = Math.min(MAX_DEPTH + 1, Math.max(8, containers.length * 2));
            containers = Arrays.copyOf(containers, length);
            keys = Arrays.copyOf(keys, length);
            indexes = Arrays.copyOf(indexes, length);
        }
        // A child identical to one of its enclosing containers is a cycle.
        for (int d = 0; d <= depth; d++) {
            if (containers[d] == child || child == root) {
                violation(depth, key, index, "refers back to an enclosing map or list (a cycle)");
                return child;
            }
        }
        containers[childDepth] = child;
        keys[childDepth] = key;
        indexes[childDepth] = index;
        try {
            return copyContainer(child, childDepth);
        } finally {
            containers[childDepth] = null; // so that a sibling identical to this child is no cycle
        }
    }

    /** Bytes of a leaf as JSON, or -1 after reporting it as invalid. */
    private long leafSize(Object value, int depth, @Nullable String key, int index) {
        if (value instanceof String) {
            String s = (String) value;
            long n = stringSize(s);
            if (n < 0) {
                violation(depth, key, index, loneSurrogate(s, n));
                return -1;
            }
            return n;
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? 4 : 5;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return digits(((Number) value).longValue());
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (!Double.isFinite(d)) {
                violation(depth, key, index, "must be a finite number, was " + d);
                return -1;
            }
            return 24; // the longest a double prints: -1.2345678901234567E-308
        }
        if (value instanceof Float) {
            float f = (Float) value;
            if (!Float.isFinite(f)) {
                violation(depth, key, index, "must be a finite number, was " + f);
                return -1;
            }
            return 15;
        }
        if (value instanceof BigInteger) {
            // bitLength * log10(2), rounded up, plus the sign
            return (long) (((BigInteger) value).bitLength() * 0.30103) + 2;
        }
        if (value instanceof BigDecimal) {
            // digits, sign, point and an exponent of up to E-2147483648
            return ((BigDecimal) value).precision() + 14L;
        }
        violation(
                depth,
                key,
                index,
                "unsupported type " + typeName(value) + " (use String, Number, Boolean, null, Map, List or an array)");
        return -1;
    }

    private void addSize(long bytes) {
        if (bytes > 0) {
            size += bytes;
            if (size > budget) {
                overBudget = true;
            }
        }
    }

    /**
     * Bytes of {@code s} as a quoted JSON string in UTF-8 as Jackson writes it, or {@code -1 -
     * index} of the first lone surrogate.
     */
    static long stringSize(String s) {
        int n = s.length();
        long bytes = 2;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += ASCII_BYTES[c];
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                return -1L - i;
            }
        }
        return bytes;
    }

    private static String loneSurrogate(String s, long code) {
        int index = (int) (-1L - code);
        return "must not contain a lone surrogate, found " + Ids.codePoint(s.charAt(index)) + " at index " + index;
    }

    private static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        long a = Math.abs(v);
        while (a >= 10) {
            a /= 10;
            n++;
        }
        return n;
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
        for (int d = 1; d <= depth && d < keys.length; d++) {
            appendSegment(sb, keys[d], indexes[d]);
        }
        if (depth >= 0) {
            appendSegment(sb, key, index);
        }
        return sb.toString();
    }

    private static void appendSegment(StringBuilder sb, @Nullable String key, int index) {
        if (key != null) {
            String echoed = Ids.echo(key);
            // Plain keys read best bare ("properties.plan"); odd ones are shown quoted.
            if (isPlainKey(key)) {
                sb.append('.').append(key);
            } else {
                sb.append('[').append(echoed).append(']');
            }
        } else {
            sb.append('[').append(index).append(']');
        }
    }

    private static boolean isPlainKey(String key) {
        if (key.isEmpty() || key.length() > Ids.ECHO_LIMIT) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean plain =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static String typeName(@Nullable Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static boolean isImmutableMap(Map<?, ?> map) {
        Class<?> c = map.getClass();
        return c == MAP_OF_1 || c == MAP_OF_N || c == MAP_OF_0;
    }

    private static boolean isImmutableList(List<?> list) {
        Class<?> c = list.getClass();
        return c == LIST_OF_1 || c == LIST_OF_N;
    }

    private static LinkedHashMap<String, @Nullable Object> newLinkedHashMap(int expected) {
        return new LinkedHashMap<>((int) (expected / 0.75f) + 1);
    }
}
