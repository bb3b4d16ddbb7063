package dev.ec2service;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The feature boundaries of issue 11, checked on the compiled main classes. Features are the top-level packages
 * below {@code dev.ec2service} except {@code platform} (shared infrastructure) and {@code hypervisor} (the port to
 * the virtualisation layer, with its libvirt adapter).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.ec2service";
    private static final Set<String> FEATURES = Set.of("instance", "keypair", "image", "network", "storage",
            "terminal", "host", "ec2api", "tag");
    /** What a feature may use of another: ports (interfaces and the records they return) and entities/enums. */
    private static final Set<String> PUBLISHED = Set.of("port", "domain");
    /** A protocol adapter, like REST: it may call the other features' services. */
    private static final String PROTOCOL_ADAPTER = "ec2api";

    // TODO(issue 11, H1/lead): instance and host still use these network services; network.port (the address
    // allocator and the network health) replaces them. Delete each entry when nothing outside network uses it.
    private static final Set<String> NETWORK_SERVICES_IN_TRANSITION = Set.of(
            ROOT + ".network.service.NetworkSetup", ROOT + ".network.service.AddressPool");

    // TODO(issue 11, lead): ProblemMappers maps hypervisor exceptions; the domain-exception rewrite removes that
    // import. Delete this exemption then; the platform and cycle rules below are otherwise strict.
    private static final String PROBLEM_MAPPERS = ROOT + ".platform.api.ProblemMappers";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    @DisplayName("no cycles between the top-level packages (features, platform, hypervisor)")
    void noCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
                .ignoreDependency(problemMappers(), resideInAPackage(ROOT + ".hypervisor.."))
                .because("a cycle makes features impossible to understand, test or replace one at a time")
                .check(main);
    }

    @Test
    @DisplayName("a feature uses another feature only through its port or domain package")
    void featuresMeetThroughPortsAndDomain() {
        classes().that().resideInAPackage(ROOT + "..").should(useOtherFeaturesOnlyThroughPortsAndDomain())
                .because("ports (declared by the consumer where they break a cycle) keep each feature's services "
                        + "replaceable; ec2api is exempt as a protocol adapter which, like REST, calls feature services")
                .check(main);
    }

    @Test
    @DisplayName("platform depends on no feature")
    void platformUsesNoFeature() {
        noClasses().that().resideInAPackage(ROOT + ".platform..").should().dependOnClassesThat()
                .resideInAnyPackage(featurePackages())
                .because("platform is the shared infrastructure every feature builds on")
                .check(main);
    }

    @Test
    @DisplayName("platform does not depend on the hypervisor")
    void platformUsesNoHypervisor() {
        noClasses().that().resideInAPackage(ROOT + ".platform..")
                .and(not(problemMappers()))
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".hypervisor..")
                .because("platform is the shared infrastructure; hypervisor failures are mapped where they are caught")
                .check(main);
    }

    @Test
    @DisplayName("the hypervisor port depends on platform only, never on a feature")
    void hypervisorUsesNoFeature() {
        noClasses().that().resideInAPackage(ROOT + ".hypervisor..").should().dependOnClassesThat()
                .resideInAnyPackage(featurePackages())
                .because("features use the hypervisor, not the other way round")
                .check(main);
    }

    @Test
    @DisplayName("libvirt and JNA only inside the libvirt adapter, and nothing outside reaches into it")
    void libvirtStaysInItsAdapter() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".hypervisor.libvirt..").should().dependOnClassesThat()
                .resideInAnyPackage("org.libvirt..", "com.sun.jna..", ROOT + ".hypervisor.libvirt..")
                .because("everything above the adapter speaks the Hypervisor port and its exceptions")
                .check(main);
    }

    @Test
    @DisplayName("JAX-RS only in api packages, platform.web and platform.api")
    void jaxRsOnlyAtTheEdge() {
        noClasses().that().resideOutsideOfPackages("..api..", ROOT + ".platform.web..", ROOT + ".platform.api..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .because("services must not know they are called over HTTP")
                .check(main);
    }

    private static String[] featurePackages() {
        return FEATURES.stream().map(f -> ROOT + "." + f + "..").toArray(String[]::new);
    }

    private static DescribedPredicate<JavaClass> problemMappers() {
        return DescribedPredicate.describe("ProblemMappers (TODO lead)",
                c -> c.getName().equals(PROBLEM_MAPPERS) || c.getName().startsWith(PROBLEM_MAPPERS + "$"));
    }

    private static ArchCondition<JavaClass> useOtherFeaturesOnlyThroughPortsAndDomain() {
        return new ArchCondition<>("use other features only through their port or domain packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> from = feature(origin);
                if (from.isEmpty() || from.get().equals(PROTOCOL_ADAPTER)) {
                    return;
                }
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    Optional<String> to = feature(target);
                    if (to.isPresent() && !to.equals(from) && !PUBLISHED.contains(layer(target))
                            && !NETWORK_SERVICES_IN_TRANSITION.contains(target.getName())) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** The feature a class belongs to, or empty for platform, hypervisor and classes outside the project. */
    private static Optional<String> feature(JavaClass type) {
        String pkg = type.getPackageName();
        if (!pkg.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        String top = pkg.substring(ROOT.length() + 1).split("\\.")[0];
        return FEATURES.contains(top) ? Optional.of(top) : Optional.empty();
    }

    /** The package below the feature ({@code service}, {@code port}, ...); empty for the feature's root. */
    private static String layer(JavaClass type) {
        String[] parts = type.getPackageName().substring(ROOT.length() + 1).split("\\.");
        return parts.length > 1 ? parts[1] : "";
    }
}
