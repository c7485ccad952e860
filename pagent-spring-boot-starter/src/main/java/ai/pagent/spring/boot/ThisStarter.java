package ai.pagent.spring.boot;

/** Which starter this jar is, and the Spring Boot line it is built for ({@link SpringBootLineCheck}). */
final class ThisStarter {
    static final String ARTIFACT = SpringBootLineCheck.BOOT_4_STARTER;
    static final String SPRING_BOOT_LINE = "Spring Boot 4";

    private ThisStarter() {}
}
