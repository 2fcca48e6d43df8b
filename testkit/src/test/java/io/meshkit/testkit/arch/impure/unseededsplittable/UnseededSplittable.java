package io.meshkit.testkit.arch.impure.unseededsplittable;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class UnseededSplittable {
    private UnseededSplittable() {}

    public static long value() {
        return new java.util.SplittableRandom().nextLong();
    }
}
