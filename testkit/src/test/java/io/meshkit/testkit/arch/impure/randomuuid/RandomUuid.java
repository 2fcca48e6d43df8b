package io.meshkit.testkit.arch.impure.randomuuid;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class RandomUuid {
    private RandomUuid() {}

    public static long value() {
        return java.util.UUID.randomUUID().getMostSignificantBits();
    }
}
