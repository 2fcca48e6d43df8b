package io.meshkit.testkit.arch.impure.socketaddresslookup;

/** Breaks a sans-IO rule on purpose: {@link io.meshkit.testkit.arch.SansIoRulesTest} shows the rule catches it. */
public final class SocketAddressLookup {
    private SocketAddressLookup() {}

    public static long value() throws Exception {
        return new java.net.InetSocketAddress("example.org", 80).getPort();
    }
}
