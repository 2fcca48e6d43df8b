package io.meshkit.testkit.arch.impure.nanoclock;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class NanoClock {
    private NanoClock() {}

    public static long value() {
        return System.nanoTime();
    }
}
