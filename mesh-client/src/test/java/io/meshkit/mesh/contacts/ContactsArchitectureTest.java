package io.meshkit.mesh.contacts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/**
 * The contacts core and the identity package are sans-IO: the JDK, Bouncy Castle's lightweight crypto (identity only),
 * the mesh wire rules and each other; no clock, threads, unseeded randomness, DNS, files or sockets.
 */
class ContactsArchitectureTest {
  private static final String CONTACTS = "io.meshkit.mesh.contacts..";
  private static final String IDENTITY = "io.meshkit.mesh.identity..";
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.meshkit.mesh.contacts", "io.meshkit.mesh.identity");

  @Test
  void shouldKeepTheContactsCoreToTheJdkTheIdentityAndTheWireRules() {
    classes().that().resideInAPackage(CONTACTS).should().onlyDependOnClassesThat(DescribedPredicate.describe(
        "in java.., the contacts core, the identity package, the mesh wire rules or its token bucket",
        c -> c.getPackageName().startsWith("java.") || c.getPackageName().startsWith("io.meshkit.mesh.contacts")
            || c.getPackageName().startsWith("io.meshkit.mesh.identity")
            || c.getPackageName().equals("io.meshkit.mesh.core.wire")
            || c.getName().equals("io.meshkit.mesh.core.TokenBucket")))
        .check(CLASSES);
  }

  @Test
  void shouldKeepTheIdentityPackageToTheJdkAndBouncyCastle() {
    classes().that().resideInAPackage(IDENTITY).should().onlyDependOnClassesThat(DescribedPredicate.describe(
        "in java.., org.bouncycastle.., the shared P-256 keys (io.meshkit.crypto) or the identity package",
        c -> c.getPackageName().startsWith("java.") || c.getPackageName().startsWith("org.bouncycastle.")
            || c.getPackageName().equals("io.meshkit.crypto")
            || c.getPackageName().startsWith("io.meshkit.mesh.identity")))
        .check(CLASSES);
  }

  @Test
  void shouldFollowTheSharedSansIoRules() {
    for (String p : new String[] {CONTACTS, IDENTITY}) {
      SansIoRules.noThreads(p).check(CLASSES);
      SansIoRules.noWallClock(p).check(CLASSES);
      SansIoRules.noUnseededRandomness(p).check(CLASSES);
      SansIoRules.noNameLookups(p).check(CLASSES);
      noClasses().that().resideInAPackage(p).should().dependOnClassesThat().resideInAnyPackage("java.io..",
          "java.net..", "java.nio.channels..", "java.nio.file..").check(CLASSES);
    }
  }
}
