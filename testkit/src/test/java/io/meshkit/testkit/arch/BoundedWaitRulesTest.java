package io.meshkit.testkit.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule catches each wait without a deadline and lets the bounded forms pass; testkit's own code obeys it. */
class BoundedWaitRulesTest {
    private static final JavaClasses WAITS = new ClassFileImporter().importPackages("io.meshkit.testkit.arch.waits");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JoinsAFuture", "JoinsInAConstructor", "GetsAFuture", "WaitsForAProcess", "JoinsAThread", "AwaitsALatch",
            "TakesFromAQueue"})
    void shouldCatchTheUnboundedWait(String fixture) {
        JavaClasses one = WAITS.that(com.tngtech.archunit.base.DescribedPredicate.describe(fixture,
                c -> c.getSimpleName().equals(fixture)));
        assertThat(one).as(fixture).hasSize(1);
        assertThat(BoundedWaitRules.noUnboundedWaits().evaluate(one).hasViolation()).as(fixture).isTrue();
    }

    @Test
    void shouldLetWaitsWithADeadlinePass() {
        JavaClasses bounded = WAITS.that(com.tngtech.archunit.base.DescribedPredicate.describe("Bounded",
                c -> c.getSimpleName().equals("Bounded")));
        assertThat(bounded).hasSize(1);
        assertThat(BoundedWaitRules.noUnboundedWaits().evaluate(bounded).hasViolation()).isFalse();
    }

    @Test
    void shouldHoldForTheTestKitAndItsTests() {
        // The fixtures above break the rule on purpose.
        JavaClasses mine = new ClassFileImporter().importPackages("io.meshkit.testkit")
                .that(com.tngtech.archunit.base.DescribedPredicate.describe("not a fixture",
                        c -> !c.getPackageName().equals("io.meshkit.testkit.arch.waits")));
        BoundedWaitRules.noUnboundedWaits().check(mine);
    }
}
