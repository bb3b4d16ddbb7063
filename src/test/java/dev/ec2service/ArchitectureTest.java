package dev.ec2service;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;
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
            "terminal", "host", "ec2api", "tag", "metrics");
    /** What a feature may use of another: ports (interfaces and the records they return) and entities/enums. */
    private static final Set<String> PUBLISHED = Set.of("port", "domain");
    /** A protocol adapter, like REST: it may call the other features' services. */
    private static final String PROTOCOL_ADAPTER = "ec2api";

    /** The composition root: it may know every feature (to list their error codes), and nothing may know it. */
    private static final String COMPOSITION_ROOT = ROOT + ".app..";

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

    @Test
    @DisplayName("services speak no protocol: no HTTP, REST problem or WebSocket type in a service package")
    void servicesSpeakNoProtocol() {
        noClasses().that().resideInAPackage("..service..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".platform.api..", ROOT + ".platform.web..", "jakarta.ws.rs..",
                        "org.jboss.resteasy..", "io.vertx.ext.web..", "io.vertx.core.http..", "io.quarkus.vertx.http..",
                        "io.quarkus.websockets..")
                .because("services throw domain exceptions; each protocol maps them to its answers in one place")
                .check(main);
    }

    @Test
    @DisplayName("refusals are built from a declared error code, never by hand")
    void domainExceptionsComeFromErrorCodes() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".platform.error..", ROOT + ".hypervisor..")
                .and().areNotAssignableTo(DomainException.class)
                .should().callConstructorWhere(target(owner(assignableTo(DomainException.class))))
                .because("every cause has an ErrorCode constant the protocols map and the API document lists (the "
                        + "hypervisor's exceptions carry HypervisorErrors' codes)")
                .check(main);
    }

    @Test
    @DisplayName("error codes are declared as constants of the features' *Errors classes, so each is documented and mapped")
    void errorCodesAreDeclaredInErrorsClasses() {
        noClasses().that().haveSimpleNameNotEndingWith("Errors").and().doNotBelongToAnyOf(ErrorCode.class)
                .should().callConstructor(ErrorCode.class, String.class, Kind.class, String.class)
                .orShould().callMethod(ErrorCode.class, "notFound", String.class)
                .because("ErrorCatalogue lists the constants of the *Errors classes in the API document and "
                        + "Ec2Errors maps them; a code made elsewhere would be neither")
                .check(main);
    }

    @Test
    @DisplayName("only the hypervisor's exceptions extend DomainException; every other refusal is an ErrorCode")
    void domainExceptionIsNotSubclassed() {
        classes().that().areAssignableTo(DomainException.class).and().doNotBelongToAnyOf(DomainException.class)
                .should().resideInAPackage(ROOT + ".hypervisor")
                .because("a subclass would carry its own mapping where each protocol must map codes in one place")
                .check(main);
    }

    @Test
    @DisplayName("a feature does not query or change another feature's entities (Panache's static and persistence methods)")
    void noQueriesOnOtherFeaturesEntities() {
        classes().that().resideInAPackage(ROOT + "..").should(notQueryOtherFeaturesEntities())
                .because("the feature that owns an entity answers questions about it through a port; a query from "
                        + "outside ties both to one table (ec2api is exempt as a protocol adapter)")
                .check(main);
    }

    @Test
    @DisplayName("every top-level package is a known feature, platform, hypervisor or the composition root")
    void everyTopLevelPackageIsKnown() {
        Set<String> known = new java.util.HashSet<>(FEATURES);
        known.addAll(Set.of("platform", "hypervisor", "app"));
        Set<String> found = new java.util.TreeSet<>();
        main.forEach(c -> {
            if (c.getPackageName().startsWith(ROOT + ".")) {
                found.add(c.getPackageName().substring(ROOT.length() + 1).split("\\.")[0]);
            }
        });
        org.assertj.core.api.Assertions.assertThat(found).as("a new package must be added to FEATURES (or the "
                + "other kinds) so that the rules apply to it").isSubsetOf(known);
    }

    @Test
    @DisplayName("nothing depends on the composition root")
    void nothingUsesTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage(COMPOSITION_ROOT).should().dependOnClassesThat()
                .resideInAPackage(COMPOSITION_ROOT)
                .because("the composition root knows every feature; a feature that used it would depend on all")
                .check(main);
    }

    private static String[] featurePackages() {
        return FEATURES.stream().map(f -> ROOT + "." + f + "..").toArray(String[]::new);
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
                    if (to.isPresent() && !to.equals(from) && !PUBLISHED.contains(layer(target))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static final Set<String> PERSISTENCE_METHODS = Set.of("find", "findAll", "findById",
            "findByIdOptional", "list", "listAll", "stream", "streamAll", "count", "delete", "deleteAll", "deleteById",
            "update", "persist", "persistAndFlush", "getEntityManager");

    private static ArchCondition<JavaClass> notQueryOtherFeaturesEntities() {
        return new ArchCondition<>("not query or change other features' entities") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> from = feature(origin);
                if (from.isEmpty() || from.get().equals(PROTOCOL_ADAPTER)) {
                    return;
                }
                for (JavaMethodCall call : origin.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    Optional<String> to = feature(owner);
                    if (to.isPresent() && !to.equals(from) && "domain".equals(layer(owner))
                            && PERSISTENCE_METHODS.contains(call.getName())) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
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
