package io.meshkit.testkit.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule catches what it forbids (one fixture per case) and lets a pure class pass. */
class SansIoRulesTest {
    private static final String IMPURE = "io.meshkit.testkit.arch.impure.";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("io.meshkit.testkit.arch");

    static Stream<Arguments> violations() {
        Function<String[], ArchRule> random = SansIoRules::noUnseededRandomness;
        Function<String[], ArchRule> clock = SansIoRules::noWallClock;
        Function<String[], ArchRule> dns = SansIoRules::noNameLookups;
        Function<String[], ArchRule> threads = SansIoRules::noThreads;
        return Stream.of(
                Arguments.of("securerandomuser", random),
                Arguments.of("unseededsplittable", random),
                Arguments.of("unseededrandom", random),
                Arguments.of("randomuuid", random),
                Arguments.of("mathrandom", random),
                Arguments.of("defaultgenerator", random),
                Arguments.of("threadlocal", random),
                Arguments.of("wallclock", clock),
                Arguments.of("nanoclock", clock),
                Arguments.of("namelookup", dns),
                Arguments.of("socketaddresslookup", dns),
                Arguments.of("threadstarter", threads));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void shouldCatchTheViolation(String fixture, Function<String[], ArchRule> rule) {
        assertThat(rule.apply(new String[] {IMPURE + fixture + ".."}).evaluate(CLASSES).hasViolation())
                .as(fixture).isTrue();
    }

    @Test
    void shouldLetSeededRandomnessTheJdkHmacAndGivenAddressesPass() {
        String[] pure = {"io.meshkit.testkit.arch.fixture.."};
        assertThat(SansIoRules.noUnseededRandomness(pure).evaluate(CLASSES).hasViolation()).isFalse();
        assertThat(SansIoRules.noWallClock(pure).evaluate(CLASSES).hasViolation()).isFalse();
        assertThat(SansIoRules.noNameLookups(pure).evaluate(CLASSES).hasViolation()).isFalse();
        assertThat(SansIoRules.noThreads(pure).evaluate(CLASSES).hasViolation()).isFalse();
    }
}
