package io.meshkit.testkit.arch.impure.unseededrandom;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class UnseededRandom {
    private UnseededRandom() {}

    public static long value() {
        return new java.util.Random().nextLong();
    }
}
