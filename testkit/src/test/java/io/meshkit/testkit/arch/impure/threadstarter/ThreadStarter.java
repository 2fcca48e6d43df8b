package io.meshkit.testkit.arch.impure.threadstarter;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class ThreadStarter {
    private ThreadStarter() {}

    public static long value() throws Exception {
        return new Thread(() -> { }).getId();
    }
}
