package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EventSizeTest {
    private static final String GOAL = "3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34";

    @Test
    void equalsTheBytesOfTheEventInABatch() {
        Conversion c = Conversion.builder()
                .sessionId("sé\u00e9ssion\uD83D\uDE00")
                .userId("user \"quoted\" \\ </tag>")
                .conversionId(GOAL)
                .label("checkout")
                .revenueCents(999)
                .properties(Map.of("plan", "pro", "n", 1.5, "list", List.of(1, true, "x")))
                .timeMillis(1_700_000_000_000L)
                .build();
        int batchBytes = WireFormat.encodeBatch(List.of(c)).length;
        int envelope = "{\"events\":[]}".length();

        assertThat(EventSize.encodedBytes(c)).isEqualTo(batchBytes - envelope);
        assertThat(EventSize.encodedBytes(c)).isEqualTo(WireFormat.toJson(c).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void twoEventsTakeTheirSizesPlusOneComma() {
        Conversion a = Conversion.builder()
                .sessionId("a")
                .userId("u")
                .conversionId(GOAL)
                .build();
        Conversion b = a.toBuilder().properties(Map.of("k", "v")).build();
        int envelope = "{\"events\":[]}".length();

        assertThat(WireFormat.encodeBatch(List.of(a, b)).length)
                .isEqualTo(envelope + EventSize.encodedBytes(a) + 1 + EventSize.encodedBytes(b));
    }

    @Property
    void digitsAreTheCharactersOfTheDecimalText(@ForAll long v) {
        assertThat(JsonSize.digits(v)).isEqualTo(Long.toString(v).length());
    }

    @Test
    void digitsAtEveryPowerOfTen() {
        long power = 1;
        for (int n = 1; n <= 19; n++, power *= 10) {
            assertThat(JsonSize.digits(power)).as("10^%d", n - 1).isEqualTo(n);
            assertThat(JsonSize.digits(power - 1)).as("10^%d - 1", n - 1).isEqualTo(Math.max(1, n - 1));
            assertThat(JsonSize.digits(-power)).isEqualTo(n + 1);
        }
        assertThat(JsonSize.digits(Long.MAX_VALUE)).isEqualTo(19);
        assertThat(JsonSize.digits(Long.MIN_VALUE)).isEqualTo(20);
        assertThat(JsonSize.digits(0)).isEqualTo(1);
    }
}
