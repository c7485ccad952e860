package ai.pagent.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The starter adapts the public API of the other modules, and writes auto-configuration as Boot does. */
class ArchitectureTest {
    private static final JavaClasses starter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.pagent.spring.boot");

    @Test
    void usesOnlyPublicApiOfTheOtherModules() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.pagent.internal..",
                        "ai.pagent.servlet.internal..",
                        "ai.pagent.spring.internal..",
                        "ai.pagent.jdbc.internal..")
                .check(starter);
    }

    @Test
    void autoConfigurationsArePublicFinalClasses() {
        classes()
                .that()
                .areAnnotatedWith(AutoConfiguration.class)
                .should()
                .bePublic()
                .andShould()
                .haveModifier(JavaModifier.FINAL)
                .check(starter);
    }

    @Test
    void nestedConfigurationsDoNotProxyBeanMethods() {
        classes()
                .that()
                .areAnnotatedWith(Configuration.class)
                .should()
                .beAnnotatedWith(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "@Configuration(proxyBeanMethods = false)",
                        (com.tngtech.archunit.core.domain.JavaAnnotation<?> a) ->
                                a.getRawType().isEquivalentTo(Configuration.class)
                                        && Boolean.FALSE.equals(
                                                a.get("proxyBeanMethods").orElse(Boolean.TRUE))))
                .allowEmptyShould(false)
                .check(starter);
    }
}
