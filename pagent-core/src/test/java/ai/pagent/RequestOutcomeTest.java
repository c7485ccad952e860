package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link RequestOutcome#of}: the status classes of Spring Boot's {@code http.client.requests}. */
class RequestOutcomeTest {
    @Test
    void namesEachClassAtItsEdges() {
        assertThat(RequestOutcome.of(100)).isEqualTo(RequestOutcome.INFORMATIONAL);
        assertThat(RequestOutcome.of(199)).isEqualTo(RequestOutcome.INFORMATIONAL);
        assertThat(RequestOutcome.of(200)).isEqualTo(RequestOutcome.SUCCESS);
        assertThat(RequestOutcome.of(299)).isEqualTo(RequestOutcome.SUCCESS);
        assertThat(RequestOutcome.of(300)).isEqualTo(RequestOutcome.REDIRECTION);
        assertThat(RequestOutcome.of(399)).isEqualTo(RequestOutcome.REDIRECTION);
        assertThat(RequestOutcome.of(400)).isEqualTo(RequestOutcome.CLIENT_ERROR);
        assertThat(RequestOutcome.of(429)).isEqualTo(RequestOutcome.CLIENT_ERROR);
        assertThat(RequestOutcome.of(499)).isEqualTo(RequestOutcome.CLIENT_ERROR);
        assertThat(RequestOutcome.of(500)).isEqualTo(RequestOutcome.SERVER_ERROR);
        assertThat(RequestOutcome.of(599)).isEqualTo(RequestOutcome.SERVER_ERROR);
    }

    @Test
    void noAnswerOrAStatusOutsideTheClassesIsUnknown() {
        assertThat(RequestOutcome.of(0)).isEqualTo(RequestOutcome.UNKNOWN);
        assertThat(RequestOutcome.of(99)).isEqualTo(RequestOutcome.UNKNOWN);
        assertThat(RequestOutcome.of(600)).isEqualTo(RequestOutcome.UNKNOWN);
        assertThat(RequestOutcome.of(-1)).isEqualTo(RequestOutcome.UNKNOWN);
        assertThat(RequestOutcome.of(Integer.MIN_VALUE)).isEqualTo(RequestOutcome.UNKNOWN);
        assertThat(RequestOutcome.of(Integer.MAX_VALUE)).isEqualTo(RequestOutcome.UNKNOWN);
    }

    @Property
    void everyStatusOfAClassMapsToIt(@ForAll @IntRange(min = 100, max = 599) int status) {
        RequestOutcome expected = switch (String.valueOf(status).charAt(0)) {
            case '1' -> RequestOutcome.INFORMATIONAL;
            case '2' -> RequestOutcome.SUCCESS;
            case '3' -> RequestOutcome.REDIRECTION;
            case '4' -> RequestOutcome.CLIENT_ERROR;
            default -> RequestOutcome.SERVER_ERROR;
        };
        assertThat(RequestOutcome.of(status)).isEqualTo(expected);
    }

    @Property
    void anyOtherIntIsUnknown(@ForAll int status) {
        if (status < 100 || status > 599) {
            assertThat(RequestOutcome.of(status)).isEqualTo(RequestOutcome.UNKNOWN);
        }
    }

    @Test
    void tagValuesAreTheOnesBothFrameworksPublish() {
        // The pagent.requests timers register one meter per constant, tagged with its name.
        assertThat(RequestOutcome.values())
                .extracting(Enum::name)
                .containsExactly("INFORMATIONAL", "SUCCESS", "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN");
    }
}
