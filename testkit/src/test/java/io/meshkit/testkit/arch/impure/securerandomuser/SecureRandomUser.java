package io.meshkit.testkit.arch.impure.securerandomuser;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class SecureRandomUser {
    private SecureRandomUser() {}

    public static long value() {
        return new java.security.SecureRandom().nextLong();
    }
}
