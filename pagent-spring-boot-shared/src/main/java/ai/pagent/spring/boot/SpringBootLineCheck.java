package ai.pagent.spring.boot;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Stops startup when this starter runs on a Spring Boot line it is not built for, with a {@link
 * WrongSpringBootLineException} that names the pagent starter of the running line. Listed in {@code
 * META-INF/spring.factories}: it runs first as the context is prepared, before any auto-configuration
 * touches a class that the other line moved. A version it cannot read (a repackaged Spring Boot
 * without its manifest) passes.
 */
final class SpringBootLineCheck implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {
    /** The artifact of the starter for Spring Boot 4.x. */
    static final String BOOT_4_STARTER = "pagent-spring-boot-starter";
    /** The artifact of the starter for Spring Boot 3.5.x. */
    static final String BOOT_3_STARTER = "pagent-spring-boot-3-starter";

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    private final Supplier<@Nullable String> version;

    /** Checks the Spring Boot that runs this class. */
    SpringBootLineCheck() {
        this(SpringBootVersion::getVersion);
    }

    /** Checks the version {@code version} gives: the seam the tests use to play the other line. */
    SpringBootLineCheck(Supplier<@Nullable String> version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        check(version.get(), ThisStarter.ARTIFACT);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * Passes when {@code starter} is the one for Spring Boot {@code version}, or when the version
     * cannot be read.
     *
     * @throws WrongSpringBootLineException naming the starter for {@code version}, if there is one
     */
    static void check(@Nullable String version, String starter) {
        if (version == null) {
            return;
        }
        Matcher m = MAJOR_MINOR.matcher(version.strip());
        if (!m.find()) {
            return;
        }
        String right = starterFor(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (!starter.equals(right)) {
            throw new WrongSpringBootLineException(version.strip(), starter, right);
        }
    }

    /** The pagent starter for Spring Boot {@code major.minor}, or {@code null} when there is none. */
    static @Nullable String starterFor(int major, int minor) {
        if (major == 4) {
            return BOOT_4_STARTER;
        }
        if (major == 3 && minor >= 5) {
            return BOOT_3_STARTER;
        }
        return null;
    }
}
