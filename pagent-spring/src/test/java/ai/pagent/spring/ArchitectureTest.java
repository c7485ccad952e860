package ai.pagent.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** pagent-spring stays Spring Framework only, so that a Boot 3 starter can reuse it unchanged. */
class ArchitectureTest {
    private static final JavaClasses spring = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.pagent.spring");

    @Test
    void knowsNoSpringBoot() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.boot..", "io.micrometer..", "io.micronaut..")
                .check(spring);
    }

    @Test
    void usesOnlyThePublicApiOfCoreServletAndJdbc() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.pagent.internal..", "ai.pagent.servlet.internal..", "ai.pagent.jdbc.internal..")
                .check(spring);
    }

    @Test
    void internalsNeverReachBackForThePublicTypes() {
        noClasses()
                .that()
                .resideInAPackage("ai.pagent.spring.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.pagent.spring")
                .check(spring);
    }
}
