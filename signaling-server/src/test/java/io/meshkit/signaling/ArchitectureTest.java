package io.meshkit.signaling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/** The protocol core stays sans-IO: only java.* and the wire records, no clock, no randomness, no threads. */
class ArchitectureTest {
    // Importing the module's own classes folder (not the class path) keeps this test fast.
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(java.nio.file.Path.of("target", "classes"));

    @Test
    void coreDependsOnlyOnJavaAndTheWireRecords() {
        classes().that().resideInAPackage("io.meshkit.signaling.core..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java.lang..", "java.util..", "io.meshkit.signaling.core..",
                        "io.meshkit.signaling.wire..")
                .check(MAIN);
    }

    @Test
    void coreAndWireReadNoClockAndMakeNoRandomnessOrThreads() {
        noClasses().that().resideInAnyPackage("io.meshkit.signaling.core..", "io.meshkit.signaling.wire..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.UUID")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.time..",
                        "java.net..", "java.nio.channels..", "io.netty..")
                .check(MAIN);
    }

    @Test
    void coreAndWireFollowTheSharedSansIoRules() {
        String[] pure = {"io.meshkit.signaling.core..", "io.meshkit.signaling.wire.."};
        SansIoRules.noThreads(pure).check(MAIN);
        SansIoRules.noWallClock(pure).check(MAIN);
        SansIoRules.noUnseededRandomness(pure).check(MAIN);
        SansIoRules.noNameLookups(pure).check(MAIN);
    }

    @Test
    void wireUsesNoNetty() {
        noClasses().that().resideInAPackage("io.meshkit.signaling.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.meshkit.signaling.netty..",
                        "io.meshkit.signaling.core..")
                .check(MAIN);
    }

    @Test
    void beaconDecisionsArePureToo() {
        // Issuing, origin matching and the --require-beacon gate take the time as an argument, so they survive any
        // change of event loops and every node of a cluster decides alike (docs/PROTOCOL.md §13.3.4).
        String beacon = "io.meshkit.signaling.beacon..";
        SansIoRules.noThreads(beacon).check(MAIN);
        SansIoRules.noWallClock(beacon).check(MAIN);
        SansIoRules.noUnseededRandomness(beacon).check(MAIN);
        SansIoRules.noNameLookups(beacon).check(MAIN);
        noClasses().that().resideInAPackage(beacon)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.net..", "java.nio.file..")
                .check(MAIN);
    }
}
