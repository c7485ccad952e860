package ai.pagent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The shape rules of pagent-core: no framework below it, no internal type in its public API. */
class ArchitectureTest {
    private static final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.pagent");

    @Test
    void coreKnowsNoFramework() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.servlet..",
                        "javax.servlet..",
                        "org.springframework..",
                        "io.micronaut..",
                        "io.micrometer..",
                        "com.fasterxml.jackson.databind..")
                .check(core);
    }

    @Test
    void publicApiExposesNoInternalType() {
        DescribedPredicate<JavaClass> internal =
                DescribedPredicate.describe("internal", c -> c.getPackageName().contains(".internal"));
        codeUnits()
                .that()
                .areDeclaredInClassesThat()
                .resideOutsideOfPackage("..internal..")
                .and()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .should(new ArchCondition<JavaCodeUnit>("not take or return internal types") {
                    @Override
                    public void check(JavaCodeUnit method, ConditionEvents events) {
                        boolean leaks = internal.test(method.getRawReturnType())
                                || method.getRawParameterTypes().stream().anyMatch(internal::test);
                        if (leaks && !method.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                            events.add(SimpleConditionEvent.violated(
                                    method, method.getFullName() + " exposes an internal type"));
                        }
                    }
                })
                .allowEmptyShould(true)
                .check(core);
    }
}
