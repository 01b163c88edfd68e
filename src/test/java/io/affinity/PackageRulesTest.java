package io.affinity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The structure the code keeps (README "Layout"): arrows point one way, from entry points to capabilities to
 * platform. A change that breaks a rule fails here with the classes and the line of the offending call.
 */
class PackageRulesTest {

    private static final JavaClasses CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.affinity");

    private static final String[] CAPABILITIES = {
        "io.affinity.access..",
        "io.affinity.campaigns..",
        "io.affinity.dashboard..",
        "io.affinity.demo..",
        "io.affinity.features..",
        "io.affinity.ingest..",
        "io.affinity.jobs..",
        "io.affinity.models..",
        "io.affinity.scoring..",
        "io.affinity.segments..",
        "io.affinity.training.."
    };

    /** HTTP resources and Lambda handlers (and what they nest): what calls in, never what is called. */
    private static boolean isEntryPoint(JavaClass c) {
        String outer = outer(c);
        return outer.endsWith("Resource") || outer.endsWith("Lambda");
    }

    @Test
    void platformDependsOnNoCapability() {
        noClasses()
                .that()
                .resideInAPackage("io.affinity.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CAPABILITIES)
                .check(CODE);
    }

    @Test
    void nothingDependsOnTheDashboard() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.affinity.dashboard..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.affinity.dashboard..")
                .check(CODE);
    }

    @Test
    void nothingDependsOnAnEntryPointButItself() {
        ArchCondition<JavaClass> callsAnotherEntryPoint =
                new ArchCondition<>("depend on an entry point (*Resource, *Lambda) other than itself") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass();
                            if (isEntryPoint(target) && !outer(target).equals(outer(item))) {
                                events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
                            }
                        }
                    }
                };
        noClasses().should(callsAnotherEntryPoint).check(CODE);
    }

    @Test
    void scoringDoesNotDependOnTraining() {
        noClasses()
                .that()
                .resideInAPackage("io.affinity.scoring..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.affinity.training..")
                .check(CODE);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.affinity.(**)").should().beFreeOfCycles().check(CODE);
    }

    private static String outer(JavaClass c) {
        return c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
    }
}
