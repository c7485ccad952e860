package ai.pagent.spring.boot;

/** The line check of the Spring Boot 3.5 starter, played on Spring Boot 4.0.7 too. */
class SpringBootLineCheckTest extends SpringBootLineCheckScenarios {
    SpringBootLineCheckTest() {
        super("pagent-spring-boot-3-starter", "Spring Boot 3.5", "3.5.", "4.0.7", "pagent-spring-boot-starter");
    }
}
