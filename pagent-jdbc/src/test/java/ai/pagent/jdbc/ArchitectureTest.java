package ai.pagent.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shape rules of pagent-jdbc: plain JDBC over core's public API, arrows pointing one way. */
class ArchitectureTest {
    private static final JavaClasses jdbc = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.pagent.jdbc");

    @Test
    void knowsNoFramework() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "io.micronaut..", "jakarta..", "com.fasterxml.jackson.databind..")
                .check(jdbc);
    }

    @Test
    void usesOnlyThePublicApiOfCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.pagent.internal..")
                .check(jdbc);
    }

    @Test
    void internalsNeverReachBackForThePublicTypes() {
        noClasses()
                .that()
                .resideInAPackage("ai.pagent.jdbc.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.pagent.jdbc")
                .check(jdbc);
    }
}
