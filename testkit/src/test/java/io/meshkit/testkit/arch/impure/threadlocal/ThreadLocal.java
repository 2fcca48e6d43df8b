package io.meshkit.testkit.arch.impure.threadlocal;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class ThreadLocal {
    private ThreadLocal() {}

    public static long value() {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }
}
