package io.meshkit.testkit.arch.impure.namelookup;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class NameLookup {
    private NameLookup() {}

    public static long value() throws Exception {
        return java.net.InetAddress.getByName("example.org").hashCode();
    }
}
