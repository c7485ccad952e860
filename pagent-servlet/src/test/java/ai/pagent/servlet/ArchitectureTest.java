package ai.pagent.servlet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The shape rules of pagent-servlet: it adapts the servlet API only, and hides its machinery. */
class ArchitectureTest {
    private static final JavaClasses servlet = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.pagent.servlet");

    @Test
    void knowsNoFrameworkAboveTheServletApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "io.micronaut..",
                        "org.eclipse.jetty..",
                        "org.apache.catalina..",
                        "com.fasterxml.jackson.databind..")
                .check(servlet);
    }

    @Test
    void usesOnlyThePublicApiOfCoreOutsideItsOwnInternals() {
        noClasses()
                .that()
                .resideInAPackage("ai.pagent.servlet")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.pagent.internal..")
                .check(servlet);
    }

    @Test
    void publicApiExposesNoInternalType() {
        codeUnits()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("ai.pagent.servlet")
                .and()
                .arePublic()
                .should(new ArchCondition<JavaCodeUnit>("not take or return internal types") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        boolean leaks = isInternal(unit.getRawReturnType())
                                || unit.getRawParameterTypes().stream().anyMatch(ArchitectureTest::isInternal);
                        if (leaks) {
                            events.add(SimpleConditionEvent.violated(
                                    unit, unit.getFullName() + " exposes an internal type"));
                        }
                    }
                })
                .check(servlet);
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }
}
