package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a developer sees when the key is missing: Spring Boot's failure report, with our analysis. */
@ExtendWith(OutputCaptureExtension.class)
class MissingApiKeyStartupTest {
    @Test
    void startupStopsWithAReportSayingWhatToSet(CapturedOutput output) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        // PAGENT_API_KEY= on the command line hides any real variable of the machine running the test.
        assertThatThrownBy(() -> app.run("--PAGENT_API_KEY=", "--spring.main.banner-mode=off")
                        .close())
                .hasRootCauseInstanceOf(MissingApiKeyException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("pagent is enabled but no API key is configured.")
                .contains("Set the environment variable PAGENT_API_KEY")
                .contains("pagent.enabled=false")
                .contains("pagent.dry-run=true");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}
}
