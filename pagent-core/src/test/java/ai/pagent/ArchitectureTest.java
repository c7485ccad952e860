package ai.pagent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    @Test
    void publicTypesAndTheirInternalHelpersFormNoCircle() {
        // A public type may use its internal helper; the helper never reaches back for it (it gets
        // plain values), so that the arrows between the two packages run one way.
        assertThat(circlesAcross(core, "ai.pagent", "ai.pagent.internal")).isEmpty();
    }

    /**
     * Circles between a public type and the internal helpers it uses: groups of top-level classes
     * that reach each other through their dependencies, with members on both sides.
     */
    static List<Set<String>> circlesAcross(JavaClasses classes, String publicPackage, String internalPackage) {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = topLevel(c).getName();
            if (!inside(from, publicPackage, internalPackage)) {
                continue;
            }
            Set<String> targets = edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                while (target.isArray()) {
                    target = target.getComponentType();
                }
                String to = topLevel(target).getName();
                if (!to.equals(from) && inside(to, publicPackage, internalPackage)) {
                    targets.add(to);
                }
            }
        }
        List<Set<String>> circles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(edges)) {
            boolean publicSide = component.stream().anyMatch(n -> packageOf(n).equals(publicPackage));
            boolean internalSide = component.stream().anyMatch(n -> packageOf(n).equals(internalPackage));
            if (publicSide && internalSide) {
                circles.add(component);
            }
        }
        return circles;
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static boolean inside(String className, String publicPackage, String internalPackage) {
        String p = packageOf(className);
        return p.equals(publicPackage) || p.equals(internalPackage);
    }

    /** Tarjan's algorithm: the groups of nodes that all reach each other. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String node : edges.keySet()) {
            if (!index.containsKey(node)) {
                visit(node, edges, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(
            String node,
            Map<String, Set<String>> edges,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next, edges, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }
}
