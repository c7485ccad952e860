package ai.pagent.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/** The browser journey of this module runs the sample on Spring Boot 3.5 and Spring Framework 6.2. */
class SpringBoot3RuntimeTest {
    @Test
    void theSampleRunsOnSpringBoot35AndSpringFramework62() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThat(SpringVersion.getVersion()).startsWith("6.2.");
    }
}
