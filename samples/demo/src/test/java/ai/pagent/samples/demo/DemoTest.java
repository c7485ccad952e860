package ai.pagent.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command runs this demo: it must keep working as described. */
class DemoTest {
    @Test
    void deliversThreeConversionsThroughAFailedFirstAttemptAndPrintsThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean delivered = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(delivered).isTrue();
        assertThat(printed)
                .contains("all events delivered")
                .contains("-> 503 (3 events, 0 accepted)")
                .contains("-> 200 (3 events, 3 accepted)")
                .contains("\"label\":\"checkout\"", "\"revenue\":4999", "\"label\":\"upsell\"", "\"label\":\"signup\"")
                .contains("accepted=3", "retried=3");
    }
}
