package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Each starter stops startup on the other Spring Boot line with a report that names the right
 * starter. Each starter's subclass says which line it is and plays the other one through the check's
 * version seam, in a real {@link SpringApplication} start.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class SpringBootLineCheckScenarios {
    private final String starter;
    private final String line;
    private final String versionPrefix;
    private final String otherLineVersion;
    private final String otherStarter;

    protected SpringBootLineCheckScenarios(
            String starter, String line, String versionPrefix, String otherLineVersion, String otherStarter) {
        this.starter = starter;
        this.line = line;
        this.versionPrefix = versionPrefix;
        this.otherLineVersion = otherLineVersion;
        this.otherStarter = otherStarter;
    }

    @Test
    void theseTestsRunOnTheLineOfTheStarter() {
        assertThat(SpringBootVersion.getVersion()).startsWith(versionPrefix);
        assertThat(ThisStarter.ARTIFACT).isEqualTo(starter);
    }

    @Test
    void theRealCheckPassesOnTheRunningSpringBoot() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            assertThatCode(() -> new SpringBootLineCheck().initialize(context)).doesNotThrowAnyException();
        }
    }

    @Test
    void springApplicationRunsTheCheckFromSpringFactories() {
        assertThat(new SpringApplication(App.class).getInitializers())
                .hasAtLeastOneElementOfType(SpringBootLineCheck.class);
    }

    @Test
    void theOtherLineIsRefusedNamingItsStarter() {
        assertThatThrownBy(() -> SpringBootLineCheck.check(otherLineVersion, starter))
                .asInstanceOf(type(WrongSpringBootLineException.class))
                .satisfies(e -> {
                    assertThat(e.springBootVersion()).isEqualTo(otherLineVersion);
                    assertThat(e.starter()).isEqualTo(starter);
                    assertThat(e.rightStarter()).hasValue(otherStarter);
                    assertThat(e.getMessage())
                            .contains("ai.pagent:" + starter)
                            .contains("Spring Boot " + otherLineVersion)
                            .contains("use ai.pagent:" + otherStarter);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.7.18", "3.4.11", "3.0.0", "5.0.0", "1.5.22.RELEASE"})
    void aLineWithoutAStarterIsRefusedNamingBothStarters(String version) {
        assertThatThrownBy(() -> SpringBootLineCheck.check(version, starter))
                .asInstanceOf(type(WrongSpringBootLineException.class))
                .satisfies(e -> {
                    assertThat(e.rightStarter()).isEmpty();
                    assertThat(e.getMessage())
                            .contains("Spring Boot " + version)
                            .contains("ai.pagent:pagent-spring-boot-3-starter")
                            .contains("ai.pagent:pagent-spring-boot-starter");
                });
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "unknown", "v4"})
    void aVersionThatCannotBeReadPasses(String version) {
        assertThatCode(() -> SpringBootLineCheck.check(version, starter)).doesNotThrowAnyException();
    }

    @Test
    void everyReleaseOfTheLinePasses() {
        String major = versionPrefix.substring(0, versionPrefix.indexOf('.'));
        String minor = major.equals("3") ? "5" : "0";
        for (String version : new String[] {
            major + "." + minor + ".0", major + "." + minor + ".7", major + "." + minor + ".1-SNAPSHOT", major + ".9.0"
        }) {
            assertThatCode(() -> SpringBootLineCheck.check(version, starter))
                    .as(version)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void startupOnTheOtherLineStopsFirstWithAReportNamingTheRightStarter(CapturedOutput output) {
        AtomicBoolean laterInitializerRan = new AtomicBoolean();
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.addInitializers(
                new SpringBootLineCheck(() -> otherLineVersion),
                (ApplicationContextInitializer<GenericApplicationContext>) context -> laterInitializerRan.set(true));

        assertThatThrownBy(() -> app.run("--spring.main.banner-mode=off").close())
                .isInstanceOf(WrongSpringBootLineException.class);
        assertThat(laterInitializerRan).isFalse();
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("ai.pagent:" + starter + " is built for " + line + ", and this application runs Spring Boot "
                        + otherLineVersion + ".")
                .contains("Replace the dependency ai.pagent:" + starter + " with ai.pagent:" + otherStarter);
    }

    @SpringBootConfiguration
    static class App {}
}
