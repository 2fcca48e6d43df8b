package io.meshkit.testkit.arch.impure.mathrandom;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class MathRandom {
    private MathRandom() {}

    public static long value() {
        return (long) (Math.random() * 10);
    }
}
