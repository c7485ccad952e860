package ai.pagent.samples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Selenium through {@code /usr/bin/chromedriver}, with a fresh
 * profile and the flags that keep it off the network (see VERSIONS.md "Browser tests"): Selenium
 * downloads nothing. Close it to quit the browser and delete the profile.
 */
public final class Chromium implements AutoCloseable {
    /** Debian's Chromium binary. */
    public static final String BINARY = "/usr/bin/chromium";

    /** Debian's chromedriver. */
    public static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts a headless browser.
     *
     * @throws AssertionError when chromium or chromedriver is missing, saying how to install them
     */
    public static Chromium start() {
        assertThat(new File(DRIVER).canExecute() && new File(BINARY).canExecute())
                .as("chromium and chromedriver in /usr/bin: apt-get install -y chromium chromium-driver"
                        + " (.ci/run does it)")
                .isTrue();
        Path profile;
        try {
            profile = Files.createTempDirectory("pagent-sample-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(BINARY)
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Chromium(driver, profile);
    }

    /** The Selenium driver. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }
}
