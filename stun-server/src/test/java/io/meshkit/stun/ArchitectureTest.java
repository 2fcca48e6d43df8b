package io.meshkit.stun;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays sans-IO: no libraries, no sockets, no threads, no clock, no unseeded randomness. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshkit.stun");

    @Test
    void coreDependsOnlyOnTheJdkAndItself() {
        noClasses().that().resideInAPackage("io.meshkit.stun.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java.lang..", "java.util..", "java.net..",
                        "io.meshkit.stun.core..")
                .check(CLASSES);
    }

    @Test
    void coreOpensNoSocketsAndStartsNoThreads() {
        noClasses().that().resideInAPackage("io.meshkit.stun.core..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .check(CLASSES);
    }

    @Test
    void coreReadsNoClock() {
        noClasses().that().resideInAPackage("io.meshkit.stun.core..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().resideInAPackage("java.time..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotResolveNames() {
        // InetAddress.getByName may block on DNS: the core takes addresses, it never looks them up.
        noClasses().that().resideInAPackage("io.meshkit.stun.core..")
                .should().callMethod(java.net.InetAddress.class, "getByName", String.class)
                .orShould().callMethod(java.net.InetAddress.class, "getAllByName", String.class)
                .check(CLASSES);
    }

    @Test
    void ice4jStaysBehindItsAdapter() {
        noClasses().that().resideOutsideOfPackage("io.meshkit.stun.ice4j..")
                .should().dependOnClassesThat().resideInAPackage("org.ice4j..")
                .check(CLASSES);
    }
}
