package io.meshkit.mesh.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/**
 * The core stays sans-IO: only the JDK (with its HMAC) and itself; no clock, threads, unseeded randomness, DNS, files or
 * sockets. The shared rules are {@link SansIoRules}; the rest is specific to this core.
 */
class CoreArchitectureTest {

  private static final String CORE = "io.meshkit.mesh.core..";
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.meshkit.mesh.core");

  @Test
  void shouldImportOnlyTheJdkItsMacAndItself() {
    ArchRuleDefinition.classes().that().resideInAPackage(CORE)
        .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
            "in java.., javax.crypto.Mac, javax.crypto.spec.SecretKeySpec or the core",
            c -> c.getPackageName().startsWith("java.") || c.getPackageName().equals("java")
                || c.getName().equals("javax.crypto.Mac") || c.getName().equals("javax.crypto.spec.SecretKeySpec")
                || c.getPackageName().startsWith("io.meshkit.mesh.core")))
        .check(CLASSES);
  }

  @Test
  void shouldFollowTheSharedSansIoRules() {
    SansIoRules.noThreads(CORE).check(CLASSES);
    SansIoRules.noWallClock(CORE).check(CLASSES);
    SansIoRules.noUnseededRandomness(CORE).check(CLASSES);
    SansIoRules.noNameLookups(CORE).check(CLASSES);
  }

  @Test
  void shouldNotTouchFilesOrSockets() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.net..", "java.nio.channels..",
            "java.nio.file..")
        .check(CLASSES);
  }
}
