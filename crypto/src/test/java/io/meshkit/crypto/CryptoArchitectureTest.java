package io.meshkit.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/** The keys are pure: signing is deterministic, so nothing here needs a random source, a clock or a file. */
class CryptoArchitectureTest {
  private static final String PKG = "io.meshkit.crypto..";
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.meshkit.crypto");

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
        .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..", "java.io..")
        .check(CLASSES);
  }
}
