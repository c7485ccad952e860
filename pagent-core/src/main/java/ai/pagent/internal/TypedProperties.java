package ai.pagent.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A properties object written entry by entry, as a builder's typed setters give them: each key and
 * value goes straight into the object's JSON text, with no map in between. The text, its UTF-8 size
 * and the violations are exactly those {@link PropertiesValidator} gives for a map of the same
 * entries in the same order; on top of that a key given twice is a violation (a map cannot hold
 * one twice).
 *
 * <p>Writing stops once the text passes {@code budget} bytes: later entries are ignored, since the
 * event is too large anyway, and a caller adding entries in a loop holds at most about the budget's
 * worth of text. Not thread-safe.
 */
public final class TypedProperties {
    /** Keys compared one by one up to this many; a hash set beyond. */
    private static final int LINEAR_KEYS = 16;

    private final JsonText out;
    private String[] keys = new String[4];
    private int keyCount; // in keys, until keySet takes over
    private boolean empty = true;
    private @Nullable Set<String> keySet;
    private int violationCount;
    private @Nullable List<String> violations;

    /**
     * @param budget the most UTF-8 bytes the object may take as JSON; entries past it are ignored
     */
    public TypedProperties(int budget) {
        out = new JsonText(budget, 64);
        out.write('{');
    }

    /** Adds {@code key: value}; a {@code null} value is JSON {@code null}. */
    public void add(@Nullable String key, @Nullable String value) {
        if (!writeKey(key)) {
            return;
        }
        if (value == null) {
            out.writeAscii("null");
            return;
        }
        int bad = out.writeString(value);
        if (bad >= 0) {
            violation(key, PropertyRules.loneSurrogate(value, bad));
        }
    }

    /** Adds {@code key: value}. */
    public void add(@Nullable String key, long value) {
        if (writeKey(key)) {
            out.writeLong(value);
        }
    }

    /** Adds {@code key: value}; NaN and the infinities are violations, written as {@code null}. */
    public void add(@Nullable String key, double value) {
        if (!writeKey(key)) {
            return;
        }
        if (Double.isFinite(value)) {
            out.writeFiniteDouble(value);
        } else {
            violation(key, PropertyRules.notFinite(value));
            out.writeAscii("null");
        }
    }

    /** Adds {@code key: value}. */
    public void add(@Nullable String key, boolean value) {
        if (writeKey(key)) {
            out.writeAscii(value ? "true" : "false");
        }
    }

    /**
     * Writes {@code "key":}, checking the key; {@code false} when the value is not to be written: the
     * text is over budget, or the key is {@code null} (then written as {@code "":null}, as {@link
     * PropertiesValidator} writes a key that is no String).
     */
    private boolean writeKey(@Nullable String key) {
        if (out.overBudget()) {
            return false;
        }
        boolean comma = !empty;
        empty = false;
        if (key == null) {
            if (comma) {
                out.write(',');
            }
            violation("null", PropertyRules.keyNotString("null"));
            out.writeAscii("\"\":null");
            return false;
        }
        if (!remember(key)) {
            violation(key, "duplicate key: each key may be set once");
        }
        if (out.writePlainKey(key, comma)) {
            return true;
        }
        if (comma) {
            out.write(',');
        }
        int bad = out.writeString(key);
        if (bad >= 0) {
            violation(key, "key " + PropertyRules.loneSurrogate(key, bad));
        }
        out.write(':');
        return true;
    }

    /** Records {@code key}; {@code false} when it was given before. */
    private boolean remember(String key) {
        if (keySet != null) {
            return keySet.add(key);
        }
        for (int i = 0; i < keyCount; i++) {
            if (keys[i].equals(key)) {
                return false;
            }
        }
        if (keyCount == keys.length) {
            if (keyCount == LINEAR_KEYS) {
                keySet = new HashSet<>(Arrays.asList(keys));
                keys = new String[0];
                return keySet.add(key);
            }
            keys = Arrays.copyOf(keys, keyCount * 2);
        }
        keys[keyCount++] = key;
        return true;
    }

    /**
     * The violations of properties whose entries these follow (a map's: {@code listed} of {@code
     * count} in all, and its {@code keys}), then one for each of those keys also given here, then
     * these entries' own: listed up to the limit one map's are, the rest counted. {@code null} when
     * there is none.
     */
    public @Nullable List<String> violationsAfter(@Nullable List<String> listed, int count, Iterable<?> keys) {
        List<String> all = new ArrayList<>();
        if (listed != null) {
            all.addAll(listed);
        }
        int total = count;
        for (Object k : keys) {
            if (k instanceof String && contains((String) k)) {
                all.add(PropertyRules.topLevelPath((String) k)
                        + ": duplicate key: set by properties(Map) and by property(key, value)");
                total++;
            }
        }
        if (violations != null) {
            all.addAll(violations);
        }
        total += violationCount;
        if (total == 0) {
            return null;
        }
        // Each part lists its first few: keep the first of all, in order, and count the rest.
        int max = PropertiesValidator.MAX_LISTED;
        List<String> result = new ArrayList<>(all.subList(0, Math.min(max, all.size())));
        if (total > max) {
            result.add("properties: " + (total - max) + " more violations not listed");
        }
        return result;
    }

    private boolean contains(String key) {
        if (keySet != null) {
            return keySet.contains(key);
        }
        for (int i = 0; i < keyCount; i++) {
            if (keys[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The object's JSON text; more entries may be added after. */
    public String json() {
        return out.textWith('}');
    }

    /** UTF-8 bytes of {@link #json()}; more than the budget when entries were ignored. */
    public int encodedSize() {
        return out.bytes() + 1;
    }

    /** Every "path: rule" violation found, or {@code null} when there is none. */
    public @Nullable List<String> violations() {
        if (violations == null) {
            return null;
        }
        List<String> list = new ArrayList<>(violations);
        if (violationCount > PropertiesValidator.MAX_LISTED) {
            list.add(
                    "properties: " + (violationCount - PropertiesValidator.MAX_LISTED) + " more violations not listed");
        }
        return list;
    }

    private void violation(String key, String rule) {
        violationCount++;
        if (violationCount > PropertiesValidator.MAX_LISTED) {
            return;
        }
        if (violations == null) {
            violations = new ArrayList<>(4);
        }
        violations.add(PropertyRules.topLevelPath(key) + ": " + rule);
    }
}
