package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The API key's rules: trimmed, checked, read afresh, and never shown. */
class ApiKeyTest {
    @Test
    void aFixedKeyIsTrimmedAndCheckedWhenGiven() {
        assertThat(ApiKey.of("  pk_live_123\n").current()).isEqualTo("pk_live_123");
        assertThat(ApiKey.of("!~").current()).as("printable ASCII at both ends").isEqualTo("!~");
        assertThatThrownBy(() -> ApiKey.of(" \t ")).hasMessageContaining("apiKey must not be blank");
        assertThatThrownBy(() -> ApiKey.of("")).hasMessageContaining("apiKey must not be blank");
        assertThatThrownBy(() -> ApiKey.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void namesTheRuleAndThePositionNeverTheKey() {
        Throwable inner = catchThrowable(() -> ApiKey.of("secret key"));
        assertThat(inner)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 6")
                .hasMessageNotContaining("secret");
        assertThat(catchThrowable(() -> ApiKey.of("abc\u0001"))).hasMessageContaining("position 3");
        assertThat(catchThrowable(() -> ApiKey.of("\u007fabc"))).hasMessageContaining("position 0");
        assertThat(catchThrowable(() -> ApiKey.of("ab\u00e9"))).hasMessageContaining("position 2");
        assertThat(catchThrowable(() -> ApiKey.of("ab\u00a0cd"))).hasMessageContaining("position 2");
    }

    @Property
    void acceptsPrintableAsciiKeysAsTheyAre(
            @ForAll @CharRange(from = '!', to = '~') @StringLength(min = 1, max = 80) String key) {
        assertThat(ApiKey.of(key).current()).isEqualTo(key);
    }

    @Property
    void refusesAnyKeyWithAnotherCharacterInsideWithoutShowingIt(
            @ForAll @CharRange(from = '!', to = '~') @StringLength(min = 1, max = 20) String head,
            @ForAll @CharRange(from = '\u0000', to = '\u024f') char odd,
            @ForAll @CharRange(from = '!', to = '~') @StringLength(min = 1, max = 20) String tail) {
        if (odd >= '!' && odd <= '~') {
            return;
        }
        String key = "pk_" + head + odd + tail;
        Throwable t = catchThrowable(() -> ApiKey.of(key));
        assertThat(t)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position " + (3 + head.length()))
                .hasMessageNotContaining("pk_");
    }

    @Test
    void aSuppliedKeyIsReadForEveryRequest() {
        AtomicInteger reads = new AtomicInteger();
        ApiKey key = ApiKey.from(() -> "key-" + reads.incrementAndGet());

        assertThat(key.current()).isEqualTo("key-1");
        assertThat(key.current()).isEqualTo("key-2");
        assertThatThrownBy(() -> ApiKey.from(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSupplierThatFailsIsReportedAsAnUnavailableKeyWithoutWhatItHeld() {
        ApiKey throwing = ApiKey.from(() -> {
            throw new IllegalStateException("vault said: pk_live_leaked");
        });
        Throwable t = catchThrowable(throwing::current);
        assertThat(t)
                .isInstanceOf(ApiKeyUnavailableException.class)
                .hasMessageContaining("java.lang.IllegalStateException")
                .hasMessageNotContaining("pk_live_leaked")
                .hasNoCause();

        assertThat(catchThrowable(ApiKey.from(() -> null)::current))
                .isInstanceOf(ApiKeyUnavailableException.class)
                .hasMessageContaining("returned null");
        assertThat(catchThrowable(ApiKey.from(() -> "pk live")::current))
                .isInstanceOf(ApiKeyUnavailableException.class)
                .hasMessageContaining("unusable key")
                .hasMessageNotContaining("pk live");
        assertThat(ApiKey.from(() -> " pk ").current()).isEqualTo("pk");
    }

    @Test
    void redactsTheCurrentKeyAndNeverPrintsIt() {
        ApiKey key = ApiKey.of("pk_123");
        assertThat(key.redact("auth pk_123 failed, pk_123 again"))
                .isEqualTo("auth [redacted] failed, [redacted] again");
        assertThat(key.toString()).isEqualTo("ApiKey[redacted]").doesNotContain("pk_123");

        ApiKey broken = ApiKey.from(() -> null);
        assertThat(broken.redact("text"))
                .as("no key to redact: the text as it is")
                .isEqualTo("text");
    }
}
