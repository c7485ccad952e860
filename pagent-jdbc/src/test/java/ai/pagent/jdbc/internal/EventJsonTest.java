package ai.pagent.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.Conversion;
import ai.pagent.InvalidConversionException;
import ai.pagent.internal.WireFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private static final String GOAL = "6f1c2a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6";

    @Test
    void writesTheWireFormatAndReadsBackAnEqualEvent() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("plan", "pro");
        props.put("n", 3L);
        props.put("ratio", 0.25);
        props.put("exact", new BigDecimal("12.3400"));
        props.put("huge", new BigInteger("123456789012345678901234567890"));
        props.put("flag", true);
        props.put("nothing", null);
        props.put("nested", Map.of("list", List.of("a", 1L, false)));
        Conversion c = Conversion.builder()
                .sessionId("s-\u00e9\ud83d\ude00\"\\")
                .userId("u")
                .conversionId(GOAL)
                .label("checkout")
                .revenueCents(12_345)
                .properties(props)
                .timeMillis(1_700_000_000_123L)
                .build();
        String json = EventJson.encode(c);
        assertThat(json).isEqualTo(WireFormat.toJson(c));
        Conversion back = EventJson.decode(json);
        assertThat(EventJson.encode(back)).isEqualTo(json);
        assertThat(back.sessionId()).isEqualTo(c.sessionId());
        assertThat(back.revenueCents()).isEqualTo(c.revenueCents());
        assertThat(back.timeMillis()).isEqualTo(c.timeMillis());
        assertThat(back.label()).contains("checkout");
    }

    @Test
    void readsAListOfObjectsAsProperties() {
        Conversion c = Conversion.builder()
                .sessionId("s")
                .userId("u")
                .conversionId(GOAL)
                .properties(List.of(Map.of("sku", "a"), Map.of("sku", "b")))
                .timeMillis(1_700_000_000_000L)
                .build();
        assertThat(EventJson.decode(EventJson.encode(c))).isEqualTo(c);
    }

    @Test
    void rejectsTextThatIsNoEventNamingTheProblem() {
        assertThatThrownBy(() -> EventJson.decode("nope")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> EventJson.decode("[]")).hasMessage("the event must be a JSON object");
        assertThatThrownBy(() -> EventJson.decode("{\"session_id\":1}")).hasMessage("session_id: must be a string");
        assertThatThrownBy(() -> EventJson.decode("{\"time\":1.5}"))
                .hasMessage("time: must be a whole number that fits a long");
        assertThatThrownBy(() -> EventJson.decode("{\"session_id\":\"s\",\"session_id\":\"t\"}"))
                .hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> EventJson.decode("{\"properties\":[1]}"))
                .hasMessage("properties: an array must hold only objects");
        assertThatThrownBy(() -> EventJson.decode("{} {}")).hasMessage("trailing content after the event");
        assertThatThrownBy(() ->
                        EventJson.decode("{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"" + GOAL + "\"}"))
                .hasMessageStartingWith("time: missing");
        assertThatThrownBy(() -> EventJson.decode(
                        "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"x\"," + "\"time\":1700000000000}"))
                .isInstanceOf(InvalidConversionException.class)
                .hasMessageContaining("conversion_id");
    }

    @Property(tries = 300)
    void decodingAnyTextEitherRebuildsAValidEventOrFailsWithIllegalArgument(@ForAll("jsonish") String text) {
        try {
            Conversion c = EventJson.decode(text);
            assertThat(EventJson.decode(EventJson.encode(c))).isEqualTo(c);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void roundTripsAnyValidEvent(
            @ForAll("ids") String session,
            @ForAll("ids") String user,
            @ForAll long cents,
            @ForAll("props") Map<String, Object> props) {
        Conversion c = Conversion.builder()
                .sessionId(session)
                .userId(user)
                .conversionId(GOAL)
                .revenueCents(Math.abs(cents == Long.MIN_VALUE ? 0 : cents))
                .properties(props)
                .timeMillis(1_700_000_000_000L)
                .build();
        String json = EventJson.encode(c);
        assertThat(json).isEqualTo(WireFormat.toJson(c));
        assertThat(EventJson.encode(EventJson.decode(json))).isEqualTo(json);
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(40)
                .alpha()
                .numeric()
                .withChars("-_.é€ß");
    }

    @Provide
    Arbitrary<Map<String, Object>> props() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().between(-1e9, 1e9).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), values)
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> jsonish() {
        String valid = "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"" + GOAL
                + "\",\"revenue\":5,\"properties\":{\"a\":[1,2.5,null,{\"b\":true}]},\"time\":1700000000000}";
        return Arbitraries.integers()
                .between(0, valid.length() - 1)
                .tuple2()
                .map(t -> mutate(valid, t.get1(), t.get2()));
    }

    private static String mutate(String s, int at, int kind) {
        switch (kind % 4) {
            case 0:
                return s.substring(0, at);
            case 1:
                return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1));
            case 2:
                return s.substring(0, at) + "\"" + s.substring(at);
            default:
                return s.substring(0, at) + "9" + s.substring(at);
        }
    }
}
