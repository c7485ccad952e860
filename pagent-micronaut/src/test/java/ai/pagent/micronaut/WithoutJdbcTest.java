package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.test.FakeIngest;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application without pagent-jdbc starts and tracks as before, {@code pagent.outbox.enabled=true}
 * and a DataSource notwithstanding: the module's classes are loaded in a class loader holding this
 * test's whole class path except pagent-jdbc.
 */
class WithoutJdbcTest {

    private static URL[] classPathWithoutPagentJdbc() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        boolean removed = false;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.replace('\\', '/').contains("pagent-jdbc")) {
                removed = true;
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        assertThat(removed)
                .as("pagent-jdbc on the test class path: %s", classPath)
                .isTrue();
        return urls.toArray(URL[]::new);
    }

    @Test
    void startsAndTracksAfterTheCommitWithoutPagentJdbc() throws Exception {
        try (FakeIngest ingest = FakeIngest.start();
                URLClassLoader loader =
                        new URLClassLoader(classPathWithoutPagentJdbc(), ClassLoader.getPlatformClassLoader())) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            String report;
            try {
                report = (String) loader.loadClass(WithoutJdbcApp.class.getName())
                        .getMethod("run", String.class, String.class)
                        .invoke(null, ingest.apiKey(), ingest.endpoint().toString());
            } finally {
                thread.setContextClassLoader(previous);
            }

            assertThat(report).isEqualTo("pagentJdbc=false dataSource=true outboxBeans=[] paid=4200 flushed=true");
            assertThat(ingest.awaitEvents(1, Duration.ofSeconds(20)).get(0).revenue())
                    .isEqualTo(4200L);
        }
    }
}
