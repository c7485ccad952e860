package ai.pagent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators of ids, texts and properties shared by the property tests. */
final class Generators {
    private Generators() {}

    /** Code points a JSON writer must take care with: ASCII, quotes, backslashes, BMP, astral. */
    static Arbitrary<Integer> printableCodePoints() {
        return Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
                        Tuple.of(1, Arbitraries.of((int) '"', (int) '\\', (int) '/', (int) '<', (int) ' ')),
                        Tuple.of(1, Arbitraries.integers().between(0xA0, 0xD7FF)),
                        Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)))
                .filter(cp -> cp != 0x2028 && cp != 0x2029);
    }

    /** Any code point but a surrogate: property strings may hold control characters. */
    static Arbitrary<Integer> anyCodePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, printableCodePoints()),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
                Tuple.of(1, Arbitraries.integers().between(0x7F, 0x9F)),
                Tuple.of(1, Arbitraries.of(0x2028, 0x2029)));
    }

    static Arbitrary<String> text(Arbitrary<Integer> codePoints, int minCodePoints, int maxCodePoints) {
        return codePoints
                .list()
                .ofMinSize(minCodePoints)
                .ofMaxSize(maxCodePoints)
                .map(Generators::fromCodePoints);
    }

    static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** Valid ids and labels: printable, not blank, at most 128 code points (256 characters). */
    static Arbitrary<String> ids() {
        return text(printableCodePoints().filter(cp -> !isFormat(cp)), 1, 128).filter(s -> !looksBlank(s));
    }

    /** Unicode format characters (Cf): invisible, some reorder the text around them. */
    static boolean isFormat(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT;
    }

    /** Only spaces of any kind (no-break ones included) and blank-rendering filler letters. */
    static boolean looksBlank(String s) {
        return s.codePoints()
                .allMatch(cp -> Character.isWhitespace(cp)
                        || Character.isSpaceChar(cp)
                        || cp == 0x115F
                        || cp == 0x1160
                        || cp == 0x2800
                        || cp == 0x3164
                        || cp == 0xFFA0);
    }

    /** Every format character (Cf) of Unicode, BMP and astral. */
    static Arbitrary<Integer> formatCodePoints() {
        return Arbitraries.of(FORMAT_CODE_POINTS);
    }

    private static final List<Integer> FORMAT_CODE_POINTS = java.util.stream.IntStream.rangeClosed(
                    0, Character.MAX_CODE_POINT)
            .filter(Generators::isFormat)
            .boxed()
            .collect(java.util.stream.Collectors.toUnmodifiableList());

    /** Canonical UUIDs in any mix of case. */
    static Arbitrary<String> uuids() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF")
                .ofLength(32)
                .map(hex -> hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                        + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    static Arbitrary<Object> leaves() {
        return Arbitraries.oneOf(
                text(anyCodePoints(), 0, 12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.floats().map(f -> (Object) f),
                Arbitraries.bigDecimals().map(d -> (Object) d),
                Arbitraries.bigIntegers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just("null").map(x -> (Object) null));
    }

    static Arbitrary<String> keys() {
        return text(anyCodePoints(), 0, 8);
    }

    /**
     * Nested values: leaves, lists and string-keyed maps, at most 3 levels deep. Built as fixed
     * levels once: {@code Arbitraries.recursive} costs milliseconds per sample.
     */
    static Arbitrary<Object> values() {
        return VALUES;
    }

    private static final Arbitrary<Object> VALUES = nest(nest(nest(leaves())));

    private static Arbitrary<Object> nest(Arbitrary<Object> inner) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaves()),
                Tuple.of(1, inner.list().ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(1, maps(inner, 3).map(m -> (Object) m)));
    }

    /**
     * Mutable string-keyed maps, insertion-ordered. Built from entry lists: jqwik's {@code maps()}
     * is slow with these keys.
     */
    static Arbitrary<Map<String, Object>> maps(Arbitrary<Object> values, int maxSize) {
        return Combinators.combine(keys(), values)
                .as(Tuple::of)
                .list()
                .ofMaxSize(maxSize)
                .map(entries -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    entries.forEach(e -> map.put(e.get1(), e.get2()));
                    return map;
                });
    }

    /** Top-level properties: a map, or a list of maps. */
    static Arbitrary<Object> properties() {
        Arbitrary<Map<String, Object>> objects =
                Arbitraries.maps(keys(), values()).ofMaxSize(4);
        return Arbitraries.oneOf(
                objects.map(m -> (Object) m), objects.list().ofMaxSize(3).map(l -> (Object) l));
    }
}
