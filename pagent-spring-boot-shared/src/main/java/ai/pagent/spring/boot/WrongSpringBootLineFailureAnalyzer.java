package ai.pagent.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link WrongSpringBootLineException}: which starter is on the classpath, which one to use. */
final class WrongSpringBootLineFailureAnalyzer extends AbstractFailureAnalyzer<WrongSpringBootLineException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WrongSpringBootLineException cause) {
        String description = "ai.pagent:" + cause.starter() + " is built for " + ThisStarter.SPRING_BOOT_LINE
                + ", and this application runs Spring Boot " + cause.springBootVersion() + ".";
        String action = cause.rightStarter()
                .map(right -> "Replace the dependency ai.pagent:" + cause.starter() + " with ai.pagent:" + right
                        + " (the same version of pagent: the same pagent.* properties, @TrackConversion and"
                        + " @PagentFakeIngest).")
                .orElse("Upgrade to Spring Boot 3.5 or later and use ai.pagent:" + SpringBootLineCheck.BOOT_3_STARTER
                        + ", or to Spring Boot 4 and use ai.pagent:" + SpringBootLineCheck.BOOT_4_STARTER + ".");
        return new FailureAnalysis(description, action, cause);
    }
}
