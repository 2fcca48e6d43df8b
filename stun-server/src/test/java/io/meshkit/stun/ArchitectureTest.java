package io.meshkit.stun;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/** The core stays sans-IO: no libraries, no sockets, no threads, no clock, no unseeded randomness. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshkit.stun");
    private static final String CORE = "io.meshkit.stun.core..";

    @Test
    void coreDependsOnlyOnTheJdkAndItself() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideOutsideOfPackages("java.lang..", "java.util..", "java.net..",
                        "io.meshkit.stun.core..")
                .check(CLASSES);
    }

    @Test
    void coreOpensNoSockets() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .check(CLASSES);
    }

    @Test
    void coreStartsNoThreads() {
        SansIoRules.noThreads(CORE).check(CLASSES);
    }

    @Test
    void coreReadsNoClock() {
        SansIoRules.noWallClock(CORE).check(CLASSES);
    }

    @Test
    void coreUsesNoUnseededRandomness() {
        SansIoRules.noUnseededRandomness(CORE).check(CLASSES);
    }

    @Test
    void coreDoesNotResolveNames() {
        SansIoRules.noNameLookups(CORE).check(CLASSES);
    }

    @Test
    void ice4jStaysBehindItsAdapter() {
        noClasses().that().resideOutsideOfPackage("io.meshkit.stun.ice4j..")
                .should().dependOnClassesThat().resideInAPackage("org.ice4j..")
                .check(CLASSES);
    }
}
