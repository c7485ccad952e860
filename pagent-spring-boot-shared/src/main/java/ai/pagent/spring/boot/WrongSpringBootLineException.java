package ai.pagent.spring.boot;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a pagent starter runs on a Spring Boot line it is not built for ({@code
 * pagent-spring-boot-starter} needs Spring Boot 4, {@code pagent-spring-boot-3-starter} Spring Boot
 * 3.5); its failure analysis names the starter to use instead.
 */
public final class WrongSpringBootLineException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String springBootVersion;
    private final String starter;
    private final @Nullable String rightStarter;

    WrongSpringBootLineException(String springBootVersion, String starter, @Nullable String rightStarter) {
        super("ai.pagent:" + starter + " does not run on Spring Boot " + springBootVersion + ": "
                + (rightStarter != null
                        ? "use ai.pagent:" + rightStarter + " instead"
                        : "pagent has starters for Spring Boot 3.5 (ai.pagent:" + SpringBootLineCheck.BOOT_3_STARTER
                                + ") and Spring Boot 4 (ai.pagent:" + SpringBootLineCheck.BOOT_4_STARTER + ")"));
        this.springBootVersion = springBootVersion;
        this.starter = starter;
        this.rightStarter = rightStarter;
    }

    /** The version of Spring Boot the application runs. */
    public String springBootVersion() {
        return springBootVersion;
    }

    /** The artifact id of the starter on the classpath. */
    public String starter() {
        return starter;
    }

    /** The artifact id of the starter for the running Spring Boot, when pagent has one. */
    public Optional<String> rightStarter() {
        return Optional.ofNullable(rightStarter);
    }
}
