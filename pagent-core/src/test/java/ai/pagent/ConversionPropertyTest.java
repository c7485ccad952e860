package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.pagent.internal.WireFormat;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

class ConversionPropertyTest {
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** What a caller hands to the builder, kept to compare with what comes off the wire. */
    record Input(
            String sessionId,
            String userId,
            String conversionId,
            @Nullable String label,
            @Nullable Long revenueCents,
            @Nullable Object properties,
            long timeMillis) {

        @SuppressWarnings("unchecked")
        Conversion.Builder builder() {
            Conversion.Builder b = Conversion.builder()
                    .sessionId(sessionId)
                    .userId(userId)
                    .conversionId(conversionId)
                    .label(label)
                    .timeMillis(timeMillis);
            if (revenueCents != null) {
                b.revenueCents(revenueCents);
            }
            if (properties instanceof Map) {
                b.properties((Map<String, ?>) properties);
            } else if (properties instanceof List) {
                b.properties((List<Map<String, ?>>) properties);
            }
            return b;
        }
    }

    @Provide
    Arbitrary<Input> validInputs() {
        return Combinators.combine(
                        Generators.ids(),
                        Generators.ids(),
                        Generators.uuids(),
                        Generators.ids().injectNull(0.3),
                        Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.3),
                        Generators.properties().injectNull(0.2),
                        Arbitraries.longs().between(Conversion.MIN_TIME_MILLIS, Conversion.MAX_TIME_MILLIS))
                .as(Input::new);
    }

    @Property
    void validEventsSurviveEncodingUnchangedAndRebuildEqual(@ForAll("validInputs") Input input) {
        Conversion c = input.builder().build();

        byte[] body = WireFormat.encodeBatch(List.of(c, c));

        List<Map<String, @Nullable Object>> events = JsonTree.events(body);
        assertThat(events).hasSize(2);
        Map<String, @Nullable Object> event = events.get(0);
        assertThat(event.get("session_id")).isEqualTo(input.sessionId());
        assertThat(event.get("user_id")).isEqualTo(input.userId());
        assertThat(event.get("conversion_id")).isEqualTo(input.conversionId());
        assertThat(event.get("label")).isEqualTo(input.label());
        assertThat(event.containsKey("label")).isEqualTo(input.label() != null);
        assertThat(event.get("revenue"))
                .isEqualTo(input.revenueCents() == null ? null : BigDecimal.valueOf(input.revenueCents()));
        assertThat(event.containsKey("properties")).isEqualTo(input.properties() != null);
        assertThat(JsonTree.sameValue(input.properties(), event.get("properties")))
                .as("properties %s came back as %s", input.properties(), event.get("properties"))
                .isTrue();
        assertThat(event.get("time")).isEqualTo(BigDecimal.valueOf(input.timeMillis()));
        assertThat(JsonTree.parse(WireFormat.toJson(c))).isEqualTo(event);
        // the size limit is enforced on the exact size
        int encoded = WireFormat.encodeBatch(List.of(c)).length - "{\"events\":[]}".length();
        assertThat(c.encodedSize()).isEqualTo(encoded);
        assertThat(c.toBuilder().build().encodedSize()).isEqualTo(encoded);
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(input.builder().build()).isEqualTo(c);
    }

    @Provide
    Arbitrary<String> invalidIds() {
        Arbitrary<String> valid = Generators.ids();
        Arbitrary<Character> controls = Arbitraries.oneOf(
                Arbitraries.chars().range('\u0000', '\u001f'),
                Arbitraries.chars().range('\u007f', '\u009f'),
                Arbitraries.of('\u2028', '\u2029'));
        Arbitrary<Character> loneSurrogates = Arbitraries.chars().range('\ud800', '\udfff');
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withChars(" \u3000\u2003\u00a0\u1680\u2007\u202f\u3164\u2800\u115f")
                        .ofMinLength(1)
                        .ofMaxLength(10),
                insert(valid, controls),
                insert(valid, loneSurrogates),
                insertCodePoint(valid, Generators.formatCodePoints()),
                Generators.text(Generators.printableCodePoints(), 257, 300).filter(s -> s.length() > 256));
    }

    private static Arbitrary<String> insert(Arbitrary<String> into, Arbitrary<Character> what) {
        return Combinators.combine(into, what, Arbitraries.integers().between(0, 1000))
                .as((s, c, at) -> {
                    int i = at % (s.length() + 1);
                    return s.substring(0, i) + c + s.substring(i);
                })
                // a lone surrogate inserted next to its partner would make a valid pair
                .filter(s -> s.codePoints()
                        .anyMatch(cp -> cp < 0x20
                                || (cp >= 0x7F && cp <= 0x9F)
                                || cp == 0x2028
                                || cp == 0x2029
                                || Character.isSurrogate((char) cp) && cp <= 0xFFFF));
    }

    private static Arbitrary<String> insertCodePoint(Arbitrary<String> into, Arbitrary<Integer> what) {
        return Combinators.combine(into, what, Arbitraries.integers().between(0, 1000))
                .as((s, cp, at) -> {
                    int i = s.offsetByCodePoints(0, at % (s.codePointCount(0, s.length()) + 1));
                    return s.substring(0, i) + Character.toString(cp) + s.substring(i);
                });
    }

    @Property
    void formatCharactersAndBlankLookingValuesNeverReachAnEventOrAMessage(
            @ForAll("invalidIds") String bad, @ForAll @IntRange(min = 0, max = 2) int field) {
        Conversion.Builder b = ConversionTest.valid();
        switch (field) {
            case 0 -> b.sessionId(bad);
            case 1 -> b.userId(bad);
            default -> b.conversionId(bad);
        }

        InvalidConversionException e = catchThrowableOfType(InvalidConversionException.class, b::build);

        assertThat(e)
                .as(
                        "%s was accepted",
                        bad.codePoints().mapToObj(Integer::toHexString).toList())
                .isNotNull();
        assertThat(e.getMessage().codePoints())
                .noneMatch(cp -> Generators.isFormat(cp)
                        || Character.isISOControl(cp)
                        || cp == 0x2028
                        || cp == 0x2029
                        || (cp >= 0xD800 && cp <= 0xDFFF));
    }

    @Property
    void invalidIdsAreRejectedNamingTheField(
            @ForAll("ids") String validLabel,
            @ForAll("invalidIds") String bad,
            @ForAll @IntRange(min = 0, max = 2) int field) {
        Conversion.Builder b = ConversionTest.valid().label(validLabel).revenueCents(1);
        String name;
        switch (field) {
            case 0:
                b.sessionId(bad);
                name = "session_id";
                break;
            case 1:
                b.userId(bad);
                name = "user_id";
                break;
            default:
                b.label(bad);
                name = "label";
        }

        InvalidConversionException e = catchThrowableOfType(InvalidConversionException.class, b::build);

        assertThat(e).isNotNull();
        assertThat(e.violations()).singleElement().asString().startsWith(name + ": ");
    }

    @Property
    void anythingButACanonicalUuidIsRejectedAsConversionId(@ForAll String notAUuid) {
        Assume.that(!CANONICAL_UUID.matcher(notAUuid).matches());

        InvalidConversionException e = catchThrowableOfType(
                InvalidConversionException.class,
                () -> Conversion.builder()
                        .sessionId("s")
                        .userId("u")
                        .conversionId(notAUuid)
                        .build());

        assertThat(e.violations()).singleElement().asString().startsWith("conversion_id: ");
    }

    @Property
    void uuidsWithOneCharacterChangedAreRejectedUnlessStillCanonical(
            @ForAll("uuids") String uuid, @ForAll @IntRange(min = 0, max = 35) int at, @ForAll char replacement) {
        String changed = uuid.substring(0, at) + replacement + uuid.substring(at + 1);
        Conversion.Builder b = Conversion.builder().sessionId("s").userId("u").conversionId(changed);

        if (CANONICAL_UUID.matcher(changed).matches()) {
            assertThat(b.build().conversionId()).isEqualTo(changed);
        } else {
            assertThat(catchThrowableOfType(InvalidConversionException.class, b::build)
                            .violations())
                    .singleElement()
                    .asString()
                    .startsWith("conversion_id: ");
        }
    }

    @Provide
    Arbitrary<String> ids() {
        return Generators.ids();
    }

    @Provide
    Arbitrary<String> uuids() {
        return Generators.uuids();
    }

    @Property
    void validCentsInMajorUnitsConvertExactly(@ForAll @IntRange(min = 0) int cents) {
        BigDecimal amount = BigDecimal.valueOf(cents, 2);

        assertThat(Conversion.builder()
                        .sessionId("s")
                        .userId("u")
                        .conversionId("7d444840-9dc0-11d1-b245-5ffdce74fad2")
                        .revenue(amount)
                        .build()
                        .revenueCents())
                .hasValue(cents);
    }
}
