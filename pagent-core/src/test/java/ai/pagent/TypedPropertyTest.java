package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/** {@code property(key, value)} writes what {@code properties(Map)} writes for the same entries. */
class TypedPropertyTest {
    private static final String SESSION = "s_1";
    private static final String USER = "u_1";
    private static final String GOAL = "0b9d6c2e-5f1a-4c3b-9e8d-7a6f5e4d3c2b";
    private static final long TIME = 1_700_000_000_000L;

    /** One entry as a caller would set it: a String (or null), Long, Integer, Double or Boolean value. */
    record Entry(@Nullable String key, @Nullable Object value) {}

    static Conversion.Builder base() {
        return Conversion.builder()
                .sessionId(SESSION)
                .userId(USER)
                .conversionId(GOAL)
                .timeMillis(TIME);
    }

    static Conversion.Builder typed(Conversion.Builder b, List<Entry> entries) {
        for (Entry e : entries) {
            Object v = e.value();
            if (v == null || v instanceof String) {
                b.property(e.key(), (String) v);
            } else if (v instanceof Integer) {
                b.property(e.key(), (Integer) v); // widens to long, as callers' ints do
            } else if (v instanceof Long) {
                b.property(e.key(), (long) (Long) v);
            } else if (v instanceof Double) {
                b.property(e.key(), (double) (Double) v);
            } else {
                b.property(e.key(), (boolean) (Boolean) v);
            }
        }
        return b;
    }

    static Map<@Nullable String, @Nullable Object> map(List<Entry> entries) {
        Map<@Nullable String, @Nullable Object> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.key(), e.value()));
        return map;
    }

    /** The event built, or the violations of the exception thrown. */
    static Object outcome(Conversion.Builder b) {
        try {
            Conversion c = b.build();
            return java.util.Arrays.asList(c.propertiesJson().orElse(null), c.encodedSize());
        } catch (InvalidConversionException e) {
            return e.violations();
        }
    }

    /** Code units, lone surrogates among them, so that both writers meet every case of the rules. */
    static Arbitrary<String> texts(int max) {
        Arbitrary<String> unit = Arbitraries.frequencyOf(
                Tuple.of(12, Generators.anyCodePoints().map(cp -> new String(Character.toChars(cp)))),
                Tuple.of(1, Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf)));
        return unit.list().ofMaxSize(max).map(units -> String.join("", units));
    }

    static Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                texts(12).map(s -> (Object) s),
                Arbitraries.just("null").map(x -> (Object) null),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(9.99, 49.99, -0.0, 0.0, 1e-3, 1e7, 1e-4, Double.MIN_VALUE, Double.MAX_VALUE)
                        .map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                        .map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b));
    }

    @Provide
    Arbitrary<List<Entry>> nonEmptyEntries() {
        return entries().filter(list -> !list.isEmpty());
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<@Nullable String> keys = Arbitraries.frequencyOf(
                Tuple.of(20, texts(8)), Tuple.of(1, Arbitraries.just("null").map(x -> (String) null)));
        return Combinators.combine(keys, values())
                .as(Entry::new)
                .list()
                .ofMaxSize(14)
                .uniqueElements(Entry::key); // a map holds each key once
    }

    @Property(tries = 2000)
    void writeTheMapPathsTextSizeAndViolationsForTheSameEntries(@ForAll("nonEmptyEntries") List<Entry> entries) {
        Object viaMap = outcome(base().properties(map(entries)));
        Object typed = outcome(typed(base(), entries));

        assertThat(typed).isEqualTo(viaMap);
    }

    @Property(tries = 300)
    void addToAMapSetBeforeAsOneMapOfBothWouldWrite(
            @ForAll("entries") List<Entry> first, @ForAll("entries") List<Entry> second) {
        List<Entry> all = new ArrayList<>(first);
        second.stream()
                .filter(e -> first.stream().noneMatch(f -> java.util.Objects.equals(f.key(), e.key())))
                .forEach(all::add);
        List<Entry> added = all.subList(first.size(), all.size());

        Object merged = outcome(typed(base().properties(map(first)), added));

        assertThat(merged).isEqualTo(outcome(base().properties(map(all))));
    }

    @Property(tries = 300)
    void addToTheObjectOfTheEventAToBuilderCameFrom(
            @ForAll("entries") List<Entry> first, @ForAll("entries") List<Entry> second) {
        Conversion event;
        try {
            event = base().properties(map(first)).build();
        } catch (InvalidConversionException e) {
            return; // only valid events have a toBuilder()
        }
        List<Entry> added = second.stream()
                .filter(e -> first.stream().noneMatch(f -> java.util.Objects.equals(f.key(), e.key())))
                .toList();
        List<Entry> all = new ArrayList<>(first);
        all.addAll(added);

        Object merged = outcome(typed(event.toBuilder(), added));

        assertThat(merged).isEqualTo(outcome(base().properties(map(all))));
    }
}
