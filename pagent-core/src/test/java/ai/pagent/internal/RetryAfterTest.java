package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({
        "0, PT0S",
        "2, PT2S",
        " 120 , PT2M",
        "'Thu, 26 Nov 2026 10:00:30 GMT', PT30S",
        "'Thu, 26 Nov 2026 09:59:00 GMT', PT0S", // a date in the past: no wait
        "99999999999, PT1H", // absurd: capped
        "99999999999999999999, PT1H", // more digits than a long holds: capped, never thrown
        "999999999, PT1H",
        "3600, PT1H",
        "3601, PT1H",
        "3599, PT59M59S",
        "'Fri, 26 Nov 2027 10:00:00 GMT', PT1H",
        "'Thu, 26 Nov 2026 10:59:59 GMT', PT59M59S",
        "'Thu, 26 Nov 2026 10:00:00 GMT', PT0S",
        "000000005, PT5S", // delay-seconds is 1*DIGIT: leading zeros change nothing
        "00000000000000000000030, PT30S",
        "0000000000, PT0S",
        "1000000000, PT1H", // ten digits: capped without being read
        "0001000000000, PT1H"
    })
    void readsSecondsAndHttpDates(String header, Duration expected) {
        assertThat(RetryAfter.parse(header, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "-1", "1.5", "Thu, 26 Nov 2026", "   "})
    void treatsAnythingElseAsAbsent(String header) {
        assertThat(RetryAfter.parse(header, NOW)).isNull();
    }
}
