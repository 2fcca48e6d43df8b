package io.meshkit.testkit.arch.impure.wallclock;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class WallClock {
    private WallClock() {}

    public static long value() {
        return System.currentTimeMillis();
    }
}
