package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.internal.SpoolTestAccess;
import ai.pagent.internal.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A spooled event reads back as the same event on the wire, and damaged bytes never read back as one. */
class SpoolCodecPropertyTest {

    @Provide
    Arbitrary<Conversion> events() {
        Arbitrary<Object> properties = Generators.properties();
        return Combinators.combine(
                        Generators.ids(),
                        Generators.ids(),
                        Generators.uuids(),
                        Generators.ids().injectNull(0.3),
                        Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.3),
                        properties.injectNull(0.3),
                        Arbitraries.longs().between(978_307_200_000L, 7_258_118_400_000L))
                .as((session, user, goal, label, revenue, props, time) -> {
                    Conversion.Builder b = Conversion.builder()
                            .sessionId(session)
                            .userId(user)
                            .conversionId(goal)
                            .label(label)
                            .timeMillis(time);
                    if (revenue != null) {
                        b.revenueCents(revenue);
                    }
                    if (props instanceof Map) {
                        b.properties(cast(props));
                    } else if (props instanceof List) {
                        b.properties(castList(props));
                    }
                    try {
                        return b.build();
                    } catch (InvalidConversionException e) {
                        return null; // e.g. properties over 32 KiB
                    }
                })
                .filter(c -> c != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Object o) {
        return (Map<String, ?>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<? extends Map<String, ?>> castList(Object o) {
        return (List<? extends Map<String, ?>>) o;
    }

    @Property(tries = 100)
    void anEventReadsBackAsTheSameJson(@ForAll("events") Conversion event) throws IOException {
        byte[] bytes = SpoolTestAccess.encode(event);

        Conversion back = SpoolTestAccess.decode(bytes);

        assertThat(WireFormat.toJson(back)).isEqualTo(WireFormat.toJson(event));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(WireFormat.toJson(event));
    }

    @Property(tries = 100)
    void truncatedOrDamagedBytesFailWithAnIOExceptionOrStillMakeAValidEvent(
            @ForAll("events") Conversion event,
            @ForAll @IntRange(min = 0, max = 100_000) int at,
            @ForAll @IntRange(min = 0, max = 255) int flip,
            @ForAll boolean truncate) {
        byte[] bytes = SpoolTestAccess.encode(event);
        int i = at % bytes.length;
        byte[] damaged = truncate ? java.util.Arrays.copyOf(bytes, i) : bytes.clone();
        if (!truncate) {
            damaged[i] ^= (byte) flip;
        }
        try {
            Conversion back = SpoolTestAccess.decode(damaged);
            // Damage that still decodes must give a valid event (built through the builder's checks).
            assertThat(back.conversionId()).isNotBlank();
        } catch (IOException expected) {
            assertThat(expected).hasMessageNotContaining("\n");
        }
    }

    @Property(tries = 300)
    void arbitraryBytesNeverDecodeWithAnythingButAnIOException(@ForAll @Size(max = 300) byte[] garbage) {
        try {
            SpoolTestAccess.decode(garbage);
        } catch (IOException expected) {
            // the only allowed failure
        }
    }

    @Test
    void rejectsAnEventThatBreaksTheRulesAndNamesTheProblem() {
        String json =
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"not-a-uuid\",\"time\":1700000000000}";

        assertThatThrownBy(() -> SpoolTestAccess.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("conversion_id");
    }

    @Test
    void rejectsUnknownFieldsAndAMissingTime() {
        String unknown =
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34\",\"x\":1,\"time\":1700000000000}";
        String noTime =
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34\"}";

        assertThatThrownBy(() -> SpoolTestAccess.decode(unknown.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown field \"x\"");
        assertThatThrownBy(() -> SpoolTestAccess.decode(noTime.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("time is missing");
    }
}
