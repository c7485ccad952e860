package ai.pagent;

import static ai.pagent.ConversionTest.onlyViolationOf;
import static ai.pagent.ConversionTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.internal.WireFormat;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Properties are validated by encoding them once: exact size, bounded work, compact retained form,
 * numbers a Jackson-based ingest reads.
 */
class PropertiesEncodingTest {
    static final int LIMIT = 32 * 1024;

    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    /** A map that counts how many entries anybody iterates, shared by all its copies in a graph. */
    static final class CountingMap extends AbstractMap<String, Object> {
        final Map<String, Object> entries = new LinkedHashMap<>();
        final AtomicLong visits;

        CountingMap(AtomicLong visits) {
            this.visits = visits;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Set<Entry<String, Object>> real = entries.entrySet();
            return new java.util.AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Entry<String, Object>> it = real.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            visits.incrementAndGet();
                            return it.next();
                        }
                    };
                }

                @Override
                public int size() {
                    return real.size();
                }
            };
        }
    }

    /** Level i holds the level below twice: 2^depth paths through depth + 1 maps. */
    static CountingMap sharedGraph(int depth, AtomicLong visits) {
        CountingMap child = new CountingMap(visits);
        child.entries.put("leaf", 1);
        for (int i = 0; i < depth; i++) {
            CountingMap parent = new CountingMap(visits);
            parent.entries.put("a", child);
            parent.entries.put("b", child);
            child = parent;
        }
        return child;
    }

    @Test
    void aGraphSharingChildrenCostsAtMostTheBudgetsWorth() {
        AtomicLong visits = new AtomicLong();
        CountingMap root = sharedGraph(30, visits); // 2^30 paths: walking each would never end

        assertThat(onlyViolationOf(valid().properties(root)))
                .isEqualTo("properties: too large: the event must take at most 32768 bytes (32 KiB) of JSON,"
                        + " and would take more");
        // every entry visited writes at least "a": (4 bytes) of the 32 KiB
        assertThat(visits.get()).isLessThanOrEqualTo(LIMIT / 4);
    }

    @Test
    void aSharedGraphWithinTheLimitIsAcceptedAndWrittenOutInFull() {
        AtomicLong visits = new AtomicLong();
        Conversion c = valid().properties(sharedGraph(6, visits)).build();

        assertThat(c.propertiesJson().orElseThrow()).hasSize(c.encodedSize() - sizeWithout() - 14);
        assertThat(c.propertiesJson().orElseThrow().split("\"leaf\"", -1)).hasSize(64 + 1);
    }

    @Test
    void retainsTheJsonTextNotTheCallersObjects() {
        List<Object> empties = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            empties.add(new LinkedHashMap<>());
        }
        Conversion c = valid().properties(Map.of("e", empties)).build();

        // 10 000 empty maps: 30 KB of "{}," kept as one string, not 10 000 copied maps
        assertThat(c.propertiesJson().orElseThrow()).hasSize(8 + 3 * 10_000 - 1);
        assertThat(c.encodedSize()).isLessThanOrEqualTo(LIMIT);
        empties.clear();
        assertThat(((List<?>) ((Map<?, ?>) c.properties().orElseThrow()).get("e")))
                .hasSize(10_000);
    }

    @Test
    void aValidEventOfManyDoublesIsNotRefusedByAnEstimate() {
        List<Double> doubles = Collections.nCopies(1_400, 1.5);

        Conversion c = valid().properties(Map.of("d", doubles)).build();

        assertThat(c.propertiesJson().orElseThrow()).hasSize(8 + 4 * 1_400 - 1);
        assertThat(c.encodedSize()).isEqualTo(WireFormat.toJson(c).getBytes(StandardCharsets.UTF_8).length);
    }

    /** Size of the valid() event without properties, from its encoding. */
    static int sizeWithout() {
        return valid().timeMillis(1_767_323_045_678L).build().encodedSize();
    }

    /** An event whose JSON takes exactly {@code bytes} bytes, by the length of one string. */
    static Conversion.Builder eventOfSize(int bytes, String filler) {
        int base = valid().timeMillis(1_767_323_045_678L)
                .properties(Map.of("s", ""))
                .build()
                .encodedSize();
        int unit = WireFormat.toJson(valid().timeMillis(1_767_323_045_678L)
                                .properties(Map.of("s", filler))
                                .build())
                        .getBytes(StandardCharsets.UTF_8)
                        .length
                - base;
        int rest = bytes - base;
        String s = filler.repeat(rest / unit) + "x".repeat(rest % unit);
        return valid().timeMillis(1_767_323_045_678L).properties(Map.of("s", s));
    }

    @Test
    void theLimitIsExactTo32768Bytes() {
        for (String filler : List.of("x", "é", "€", "\uD83D\uDE00", "\n", "\u0001")) {
            Conversion fits = eventOfSize(LIMIT, filler).build();
            assertThat(fits.encodedSize()).as(filler).isEqualTo(LIMIT);
            assertThat(WireFormat.toJson(fits).getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);

            assertThat(onlyViolationOf(eventOfSize(LIMIT + 1, filler)))
                    .as(filler)
                    .startsWith("properties: too large");
        }
    }

    @Test
    void theLimitCountsIdsLabelRevenueAndTimeExactly() {
        // ,"label":"é" takes 13 bytes, ,"revenue":0 12
        Conversion fits =
                eventOfSize(LIMIT - 25, "x").label("é").revenueCents(0).build();

        assertThat(fits.encodedSize()).isEqualTo(LIMIT);
        assertThat(WireFormat.toJson(fits).getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
        assertThat(onlyViolationOf(eventOfSize(LIMIT - 24, "x").label("é").revenueCents(0)))
                .startsWith("properties: too large");
    }

    @Provide
    Arbitrary<String> tails() {
        return Generators.text(Generators.anyCodePoints(), 0, 40);
    }

    @Property(tries = 200)
    void anEventIsAcceptedExactlyWhenItsJsonFits(@ForAll("tails") String tail, @ForAll @IntRange(max = 60) int slack)
            throws Exception {
        int base = valid().timeMillis(1_767_323_045_678L)
                .properties(Map.of("s", ""))
                .build()
                .encodedSize();
        String s = "x".repeat(LIMIT - base - 60 + slack) + tail;
        // the oracle: Jackson's own encoding of the string, as a JSON server would count it
        ByteArrayOutputStream quoted = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFactory.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build()
                .createGenerator(quoted)) {
            g.writeString(s);
        }
        int expected = base - 2 + quoted.size();
        Conversion.Builder b = valid().timeMillis(1_767_323_045_678L).properties(Map.of("s", s));

        if (expected <= LIMIT) {
            Conversion c = b.build();
            assertThat(c.encodedSize()).isEqualTo(expected);
            assertThat(WireFormat.toJson(c).getBytes(StandardCharsets.UTF_8)).hasSize(expected);
        } else {
            assertThat(onlyViolationOf(b)).startsWith("properties: too large");
        }
    }

    @Test
    void aCopyThatGrowsPastTheLimitIsRejectedToo() {
        Conversion full = eventOfSize(LIMIT, "x").build();

        assertThat(full.toBuilder().build()).isEqualTo(full);
        assertThat(onlyViolationOf(full.toBuilder().label("l"))).startsWith("properties: too large");
        assertThat(full.toBuilder().sessionId("s").build().encodedSize()).isLessThan(LIMIT);
    }

    // ---- numbers a Jackson-based ingest reads --------------------------------------------------

    @Test
    void rejectsNumbersOutsideADoublesRange() {
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigDecimal("1E+1000000")))))
                .isEqualTo("properties.n: must be a finite number within the range of a double, was 1E+1000000");
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigDecimal("-2E+308")))))
                .startsWith("properties.n: must be a finite number within the range of a double");
        assertThat(valid().properties(Map.of("n", new BigDecimal("1E+308")))
                        .build()
                        .propertiesJson())
                .contains("{\"n\":1E+308}");
    }

    @Test
    void rejectsNumbersLongerThanJacksonReads() {
        String thousand = "9".repeat(1000);
        BigInteger longest = new BigInteger(thousand);

        assertThat(valid().properties(Map.of("n", longest)).build().propertiesJson())
                .contains("{\"n\":" + thousand + "}");
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigInteger(thousand + "9")))))
                .startsWith("properties.n: must be a number of at most 1000");
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigInteger("9".repeat(100_000))))))
                .startsWith("properties.n: must be a number of at most 1000 digits");
        assertThat(onlyViolationOf(valid().properties(Map.of("n", new BigDecimal("0." + "1".repeat(1000))))))
                .isEqualTo("properties.n: must be a number of at most 1000 digits, has 1001");
        assertThat(valid().properties(Map.of("n", new BigInteger("-" + thousand)))
                        .build()
                        .propertiesJson())
                .contains("{\"n\":-" + thousand + "}");
    }

    @Test
    void theDigitLimitIsJacksonsDefault() throws Exception {
        JsonFactory jackson = new JsonFactory(); // as FakeIngest and most servers read JSON
        try (JsonParser p = jackson.createParser("9".repeat(1000))) {
            p.nextToken();
            assertThat(p.getNumberValue()).isEqualTo(new BigInteger("9".repeat(1000)));
        }
        for (String accepted : List.of("-" + "9".repeat(1000), "0." + "1".repeat(999), "-1." + "1".repeat(999))) {
            try (JsonParser p = jackson.createParser(accepted)) {
                p.nextToken();
                assertThat(p.getNumberValue()).as(accepted).isNotNull();
            }
        }
        // Jackson refuses more than 1000 digits before the point; the client refuses more than 1000
        // digits in all, which also covers readers that take decimals as BigDecimal.
        for (String refused : List.of("9".repeat(1001), "-" + "9".repeat(1001), "1".repeat(1001) + ".5")) {
            try (JsonParser p = jackson.createParser(refused)) {
                assertThatThrownBy(() -> {
                            p.nextToken();
                            p.getNumberValue();
                        })
                        .as(refused)
                        .isInstanceOf(StreamConstraintsException.class);
            }
        }
    }

    @Test
    void theIngestAcceptsTheLongestNumbersAndLargestEventsAllowed() {
        FakeIngest ingest = ingestExtension.get();
        Conversion longest = valid().properties(Map.of(
                        "n", new BigInteger("9".repeat(1000)),
                        "d", new BigDecimal("1E+308"),
                        "f", new BigDecimal("-0." + "1".repeat(997))))
                .build();
        Conversion largest = eventOfSize(LIMIT, "€").build();

        try (PagentClient client = PagentClient.builder()
                .apiKey(ingest.apiKey())
                .endpoint(ingest.endpoint())
                .readTimeout(Duration.ofSeconds(10))
                .build()) {
            assertThat(client.send(List.of(longest, largest)).accepted()).isEqualTo(2);
        }
        assertThat(ingest.events()).hasSize(2);
    }

    @Test
    void aMapThatBuildsAnotherEventWhileItIsReadGetsItsOwnEncoder() {
        // build() lends each thread one encoder; a map of the caller's that builds an event while
        // being read (a lazy map, a logging wrapper) must not write into the outer event's text.
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("inner", List.of(1, 2));
        List<Conversion> builtInside = new ArrayList<>();
        Map<String, Object> outer = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                builtInside.add(valid().properties(inner).build());
                return Map.<String, Object>of("outer", Map.of("k", "v")).entrySet();
            }
        };

        Conversion c = valid().properties(outer).build();

        assertThat(c.propertiesJson()).contains("{\"outer\":{\"k\":\"v\"}}");
        assertThat(builtInside).hasSize(1);
        assertThat(builtInside.get(0).propertiesJson()).contains("{\"inner\":[1,2]}");
        assertThat(c.encodedSize()).isEqualTo(WireFormat.toJson(c).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void anInvalidEventLeavesNothingBehindForTheNextOneOnTheThread() {
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("a", Map.of("b", List.of(new Object())));
        assertThat(onlyViolationOf(valid().properties(deep))).startsWith("properties.a.b[0]: unsupported type");
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put("k" + i, new Object());
        }
        assertThatThrownBy(() -> valid().properties(many).build()).isInstanceOf(InvalidConversionException.class);

        Conversion next =
                valid().properties(Map.of("a", Map.of("b", List.of(1)))).build();

        assertThat(next.propertiesJson()).contains("{\"a\":{\"b\":[1]}}");
        assertThat(next.encodedSize()).isEqualTo(WireFormat.toJson(next).getBytes(StandardCharsets.UTF_8).length);
    }
}
