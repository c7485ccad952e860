package ai.pagent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ai.pagent.test.ReceivedEvent;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PagentClient#registerShutdownHook()} in a JVM of its own that simply ends. */
class ShutdownHookTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    /** The child JVM: tracks three events that would wait a minute for their batch, then ends main. */
    public static void main(String[] args) {
        PagentClient client = PagentClient.builder()
                .apiKey(args[1])
                .endpoint(URI.create(args[0]))
                .flushInterval(Duration.ofMinutes(1))
                .build()
                .registerShutdownHook();
        for (int i = 0; i < 3; i++) {
            client.track(TestEvents.event(i));
        }
        // main ends here; the client's threads are daemons, so only the hook can deliver.
    }

    @Test
    void deliversWhatIsQueuedWhenTheJvmExits() throws Exception {
        FakeIngest ingest = ingestExtension.get();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ShutdownHookTest.class.getName(),
                        ingest.endpoint().toString(),
                        ingest.apiKey())
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "pagent-shutdown-hook-child.log"))
                .start();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        List<ReceivedEvent> events = ingest.awaitEvents(3, Duration.ofSeconds(5));
        assertThat(events)
                .extracting(ReceivedEvent::sessionId)
                .containsExactlyInAnyOrder("session-0", "session-1", "session-2");
    }
}
