package io.meshkit.mesh.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/** The core stays sans-IO: only java.* and itself; no clock, no threads, no unseeded random. */
class CoreArchitectureTest {

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.meshkit.mesh.core");

  @Test
  void shouldImportOnlyJavaAndItself() {
    ArchRuleDefinition.classes().that().resideInAPackage("io.meshkit.mesh.core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.meshkit.mesh.core..")
        .check(CORE);
  }

  @Test
  void shouldNotReadTheClock() {
    noClasses().should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.time..")
        .check(CORE);
  }

  @Test
  void shouldNotUseThreadsIoOrUnseededRandom() {
    noClasses().should().callConstructor(java.util.Random.class)
        .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.io..", "java.net..",
            "java.nio.channels..", "java.nio.file..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().callMethod(Math.class, "random")
        .check(CORE);
  }
}
