package io.meshkit.mesh.rendezvous;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rendezvous core is sans-IO like the mesh and contacts cores: the JDK (its HMAC), Bouncy Castle's HKDF, the
 * identity package and the other cores' public types; no threads, unseeded randomness, DNS, files or sockets. One
 * difference from {@link SansIoRules#noWallClock}: the slot label needs the UTC calendar fields of a given time, so
 * {@code java.time.LocalDateTime} and {@code ZoneOffset} are allowed for that conversion; reading a clock (any
 * {@code now}, {@code Clock}, {@code InstantSource}, {@code System.currentTimeMillis/nanoTime}) is not.
 */
class RendezvousArchitectureTest {
  private static final String RENDEZVOUS = "io.meshkit.mesh.rendezvous..";
  private static final Set<String> TIME_CONVERSIONS = Set.of("java.time.LocalDateTime", "java.time.ZoneOffset");
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.meshkit.mesh.rendezvous");

  @Test
  void shouldDependOnlyOnTheJdkBouncyCastleAndTheOtherCores() {
    classes().that().resideInAPackage(RENDEZVOUS).should().onlyDependOnClassesThat(DescribedPredicate.describe(
        "in java.. (java.time only for calendar conversions), javax.crypto, org.bouncycastle.., or the mesh packages"
            + " identity, contacts, core, rendezvous",
        c -> (c.getPackageName().startsWith("java.") && !c.getPackageName().startsWith("java.time"))
            || TIME_CONVERSIONS.contains(c.getName())
            || c.getPackageName().equals("java")
            || c.getName().equals("javax.crypto.Mac") || c.getName().equals("javax.crypto.spec.SecretKeySpec")
            || c.getPackageName().startsWith("org.bouncycastle.")
            || c.getPackageName().startsWith("io.meshkit.mesh.identity")
            || c.getPackageName().startsWith("io.meshkit.mesh.contacts")
            || c.getPackageName().startsWith("io.meshkit.mesh.core")
            || c.getPackageName().startsWith("io.meshkit.mesh.rendezvous")))
        .check(CLASSES);
  }

  @Test
  void shouldFollowTheSharedSansIoRulesAndReadNoClock() {
    SansIoRules.noThreads(RENDEZVOUS).check(CLASSES);
    SansIoRules.noUnseededRandomness(RENDEZVOUS).check(CLASSES);
    SansIoRules.noNameLookups(RENDEZVOUS).check(CLASSES);
    noClasses().that().resideInAPackage(RENDEZVOUS)
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethodWhere(DescribedPredicate.describe("a java.time now()",
            m -> m.getTarget().getOwner().getPackageName().equals("java.time") && m.getName().equals("now")))
        .because("the adapter reads the clock and passes the time in")
        .check(CLASSES);
    noClasses().that().resideInAPackage(RENDEZVOUS).should().dependOnClassesThat().resideInAnyPackage("java.io..",
        "java.net..", "java.nio.channels..", "java.nio.file..").check(CLASSES);
  }
}
