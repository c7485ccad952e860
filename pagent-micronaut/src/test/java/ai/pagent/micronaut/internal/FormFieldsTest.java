package ai.pagent.micronaut.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FormFieldsTest {
    private static final List<String> NAMES = List.of("_pgnt", "_pgnt_session_id");

    @Test
    void picksTheWantedFieldsWhereverTheyAre() {
        String body = "plan=pro&_pgnt=%7B%22a%22%3A1%7D&notes=x+y&_pgnt_session_id=s+1";
        assertThat(FormFields.pick(body, StandardCharsets.UTF_8, NAMES))
                .isEqualTo(Map.of("_pgnt", "{\"a\":1}", "_pgnt_session_id", "s 1"));
    }

    @Test
    void keepsTheFirstOccurrence() {
        assertThat(FormFields.pick("_pgnt=a&_pgnt=b", StandardCharsets.UTF_8, NAMES))
                .isEqualTo(Map.of("_pgnt", "a"));
    }

    @Test
    void decodesEncodedNamesAndEmptyValues() {
        assertThat(FormFields.pick("%5Fpgnt&x=1", StandardCharsets.UTF_8, NAMES))
                .isEqualTo(Map.of("_pgnt", ""));
    }

    @Test
    void skipsPairsThatDoNotDecode() {
        assertThat(FormFields.pick("_pgnt=%zz&_pgnt_session_id=ok", StandardCharsets.UTF_8, NAMES))
                .isEqualTo(Map.of("_pgnt_session_id", "ok"));
    }

    @Property
    void neverThrowsOnAnyBody(@ForAll @StringLength(max = 300) String body) {
        assertThat(FormFields.pick(body, StandardCharsets.UTF_8, NAMES)).isNotNull();
    }

    @Property
    void findsAnEncodedValueAmongOtherFields(
            @ForAll @StringLength(max = 200) String value, @ForAll @StringLength(max = 50) String other) {
        String body = "a=" + URLEncoder.encode(other, StandardCharsets.UTF_8) + "&_pgnt="
                + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&b=2";
        assertThat(FormFields.pick(body, StandardCharsets.UTF_8, NAMES)).containsEntry("_pgnt", value);
    }
}
