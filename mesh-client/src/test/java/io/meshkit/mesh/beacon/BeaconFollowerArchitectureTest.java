package io.meshkit.mesh.beacon;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshkit.testkit.arch.SansIoRules;
import org.junit.jupiter.api.Test;

/** The follower is sans-IO like the mesh core: the runtime asks the beacon URL and runs its timers. */
class BeaconFollowerArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importClasses(BeaconFollower.class);

  @Test
  void shouldFollowTheSharedSansIoRules() {
    String pkg = "io.meshkit.mesh.beacon..";
    SansIoRules.noThreads(pkg).check(CLASSES);
    SansIoRules.noWallClock(pkg).check(CLASSES);
    SansIoRules.noUnseededRandomness(pkg).check(CLASSES);
    SansIoRules.noNameLookups(pkg).check(CLASSES);
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage(pkg)
        .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.io..", "java.nio..")
        .check(CLASSES);
  }
}
