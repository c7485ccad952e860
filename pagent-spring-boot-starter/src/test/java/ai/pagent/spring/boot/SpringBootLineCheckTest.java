package ai.pagent.spring.boot;

/** The line check of the Spring Boot 4 starter, played on Spring Boot 3.5.7 too. */
class SpringBootLineCheckTest extends SpringBootLineCheckScenarios {
    SpringBootLineCheckTest() {
        super("pagent-spring-boot-starter", "Spring Boot 4", "4.", "3.5.7", "pagent-spring-boot-3-starter");
    }
}
