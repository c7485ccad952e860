package ai.pagent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link PagentClient.Builder#build()} names every setting that breaks its rule, each exactly at its
 * edges, and says why a given key is unusable instead of asking for one.
 */
class SettingRulesTest {
    private static PagentClient.Builder valid() {
        return PagentClient.builder().apiKey("k");
    }

    @Test
    void namesBothBackoffsWhenNeitherIsPositive() {
        // A negative maxBackoff is not below a negative initialBackoff: only its own rule catches it.
        assertThatThrownBy(() -> valid().initialBackoff(Duration.ofMillis(-5))
                        .maxBackoff(Duration.ofMillis(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialBackoff must be positive, got PT-0.005S")
                .hasMessageContaining("maxBackoff must be positive, got PT-0.001S");
    }

    @Test
    void saysWhyAGivenKeyIsUnusableInsteadOfAskingForOne() {
        assertThatThrownBy(() -> PagentClient.builder().apiKey("   ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKey must not be blank")
                .hasMessageNotContaining("apiKey is required");
        assertThatThrownBy(() -> PagentClient.builder().apiKey("ab cd").build())
                .hasMessageContaining("apiKey must not contain whitespace")
                .hasMessageNotContaining("apiKey is required");
    }

    @Test
    void aUsableKeyReplacesAnUnusableOne() {
        PagentClient.builder().apiKey("bad key").apiKey("good").build().close();
        PagentClient.builder().apiKey("bad key").apiKey(() -> "good").build().close();
    }

    @Test
    void acceptsTheSpoolSettingsAtTheEdgesOfTheirRanges() {
        valid().spoolFsyncInterval(Duration.ZERO).spoolMaxBytes(262_144).build().close();
        valid().spoolFsyncInterval(Duration.ofMinutes(1)).build().close();
    }

    @Test
    void refusesSpoolSettingsJustOutsideTheirRanges() {
        assertThatThrownBy(
                        () -> valid().spoolFsyncInterval(Duration.ofNanos(-1)).build())
                .hasMessageContaining("spoolFsyncInterval must be between 0 and 1 minute, got PT-0.000000001S");
        assertThatThrownBy(
                        () -> valid().spoolFsyncInterval(Duration.ofMinutes(1).plusNanos(1))
                                .build())
                .hasMessageContaining("spoolFsyncInterval must be between 0 and 1 minute");
        assertThatThrownBy(() -> valid().spoolMaxBytes(262_143).build())
                .hasMessageContaining("spoolMaxBytes must be at least 262144 (256 KiB), got 262143");
    }

    @Test
    void boundsTheRequestsInFlightBetweenTheFloorAnd64() {
        valid().maxInFlight(4).maxInFlightLimit(4).build().close();
        valid().maxInFlight(4).maxInFlightLimit(64).build().close();
        valid().maxInFlight(64).build().close();
        assertThatThrownBy(() -> valid().maxInFlight(4).maxInFlightLimit(65).build())
                .hasMessageContaining(
                        "maxInFlightLimit must be between 4 and 64 (at least maxInFlight, the floor), got 65");
    }

    @Test
    void acceptsTheLargestListenerCapacity() {
        valid().listenerCapacity(Integer.MAX_VALUE).build().close();
        assertThatThrownBy(() -> valid().listenerCapacity(-1).build())
                .hasMessageContaining("listenerCapacity must be between 1 and " + Integer.MAX_VALUE + ", got -1");
    }

    @Test
    void namesTheRangeAndTheValueOfASettingOutOfIt() {
        assertThatThrownBy(() -> valid().maxBatchSize(101).build())
                .hasMessage("invalid PagentClient settings: maxBatchSize must be between 1 and 100"
                        + " (pagent's limit per request), got 101");
        assertThatThrownBy(() -> valid().queueCapacityBytes(1).build())
                .hasMessage("invalid PagentClient settings: queueCapacityBytes must be between 65536 and " + (1L << 40)
                        + ", got 1");
    }
}
