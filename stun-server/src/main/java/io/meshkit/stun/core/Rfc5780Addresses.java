package io.meshkit.stun.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The two addresses and two ports of an RFC 5780 (NAT behaviour discovery) server. Both addresses
 * must be specific (not a wildcard) and of one family, and the addresses and ports must differ,
 * because they are reported to clients in OTHER-ADDRESS and RESPONSE-ORIGIN.
 */
public record Rfc5780Addresses(InetAddress primaryIp, int primaryPort, InetAddress altIp, int altPort) {
    public Rfc5780Addresses {
        if (primaryIp.isAnyLocalAddress() || altIp.isAnyLocalAddress()) {
            throw new IllegalArgumentException("RFC 5780 needs specific addresses, not a wildcard (0.0.0.0 or ::)");
        }
        if (primaryIp.equals(altIp)) {
            throw new IllegalArgumentException("RFC 5780 needs two different IP addresses");
        }
        if (primaryIp.getClass() != altIp.getClass()) {
            throw new IllegalArgumentException("RFC 5780 addresses must be of one family");
        }
        if (primaryPort == altPort || primaryPort <= 0 || altPort <= 0 || primaryPort > 65535 || altPort > 65535) {
            throw new IllegalArgumentException("RFC 5780 needs two different ports in 1..65535");
        }
    }

    /** The transport address of {@code e}. */
    public InetSocketAddress address(Endpoint e) {
        return new InetSocketAddress(e.altIp() ? altIp : primaryIp, e.altPort() ? altPort : primaryPort);
    }
}
