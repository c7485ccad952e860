package ai.pagent.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPatternsTest {
    @ParameterizedTest
    @CsvSource({
        "/checkout, /checkout, true",
        "/checkout, /checkout/x, false",
        "/api/*, /api, true",
        "/api/*, /api/orders/1, true",
        "/api/*, /apis, false",
        "*.do, /x/buy.do, true",
        "*.do, /x.do/buy, false",
        "/*, /anything, true",
        "/, /anything, true",
    })
    void matchesLikeServletMappings(String pattern, String path, boolean matches) {
        assertThat(UrlPatterns.of(List.of(pattern)).matches(path)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkout", "/a/*/b", "*.", "*.a/b", "/a b", "/a*"})
    void rejectsWhatIsNotAServletPattern(String pattern) {
        assertThatThrownBy(() -> UrlPatterns.of(List.of(pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urlPatterns");
    }
}
