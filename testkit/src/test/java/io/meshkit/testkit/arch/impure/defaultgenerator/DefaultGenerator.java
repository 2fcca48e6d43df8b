package io.meshkit.testkit.arch.impure.defaultgenerator;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class DefaultGenerator {
    private DefaultGenerator() {}

    public static long value() {
        return java.util.random.RandomGenerator.getDefault().nextLong();
    }
}
