package ai.pagent;

import static ai.pagent.TypedPropertyTest.base;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The 32 KiB limit of one event holds to the byte for typed entries, as for a map. */
class TypedPropertySizeLimitTest {
    private static final String TOO_LARGE =
            "properties: too large: the event must take at most 32768 bytes (32 KiB) of" + " JSON, and would take more";

    /** An event of exactly {@code bytes} bytes: a pad of {@code unit} characters, then ASCII to fill. */
    private static Conversion.Builder[] eventsOf(int bytes, String unit) {
        int empty = base().property("plan", "pro").property("pad", "").build().encodedSize();
        int unitBytes =
                base().property("plan", "pro").property("pad", unit).build().encodedSize() - empty;
        int units = (bytes - empty) / unitBytes;
        String pad = unit.repeat(units) + "a".repeat(bytes - empty - units * unitBytes);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("plan", "pro");
        map.put("pad", pad);
        return new Conversion.Builder[] {base().property("plan", "pro").property("pad", pad), base().properties(map)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "\u00e9", "\u20ac", "\ud83d\ude00", "\n", "\u0001"})
    void anEventOfExactly32KibIsAcceptedBothWays(String unit) {
        for (Conversion.Builder b : eventsOf(Conversion.MAX_EVENT_BYTES, unit)) {
            assertThat(b.build().encodedSize()).isEqualTo(Conversion.MAX_EVENT_BYTES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "\u00e9", "\u20ac", "\ud83d\ude00", "\n", "\u0001"})
    void anEventOfOneByteMoreIsRejectedBothWays(String unit) {
        for (Conversion.Builder b : eventsOf(Conversion.MAX_EVENT_BYTES + 1, unit)) {
            assertThat(catchThrowableOfType(b::build, InvalidConversionException.class)
                            .violations())
                    .containsExactly(TOO_LARGE);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Conversion.MAX_EVENT_BYTES, Conversion.MAX_EVENT_BYTES + 1})
    void theLimitCountsAMapAndTheEntriesAddedToIt(int bytes) {
        int empty = base().property("plan", "pro").property("pad", "").build().encodedSize();
        Conversion.Builder merged = base().properties(Map.of("plan", "pro")).property("pad", "a".repeat(bytes - empty));

        if (bytes <= Conversion.MAX_EVENT_BYTES) {
            assertThat(merged.build().encodedSize()).isEqualTo(bytes);
        } else {
            assertThat(catchThrowableOfType(merged::build, InvalidConversionException.class)
                            .violations())
                    .containsExactly(TOO_LARGE);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 100_000})
    void entriesFarPastTheLimitAreRejectedAsTooLarge(int entries) {
        Conversion.Builder b = base();
        for (int i = 0; i < entries; i++) {
            b.property("key" + i, "a value of some length to fill the event " + i);
        }

        assertThat(catchThrowableOfType(b::build, InvalidConversionException.class)
                        .violations())
                .containsExactly(TOO_LARGE);
    }
}
