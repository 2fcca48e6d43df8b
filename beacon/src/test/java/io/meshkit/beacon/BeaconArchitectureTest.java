package io.meshkit.beacon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/** The beacon code is pure: the servers' and the client's adapters bring the clock, the files and the sockets. */
class BeaconArchitectureTest {
  private static final String PKG = "io.meshkit.beacon..";
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.meshkit.beacon");

  @Test
  void shouldFollowTheSharedSansIoRules() {
    SansIoRules.noThreads(PKG).check(CLASSES);
    SansIoRules.noWallClock(PKG).check(CLASSES);
    SansIoRules.noUnseededRandomness(PKG).check(CLASSES);
    SansIoRules.noNameLookups(PKG).check(CLASSES);
  }

  @Test
  void shouldNotTouchFilesOrSockets() {
    noClasses().that().resideInAPackage(PKG)
        .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
        .check(CLASSES);
  }
}
