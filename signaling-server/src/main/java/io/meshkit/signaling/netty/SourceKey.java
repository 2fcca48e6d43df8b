package io.meshkit.signaling.netty;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key per-source limits count under: an IPv4 address as is, an IPv6 address by its /64 (one
 * subscriber is usually given a whole /64, so counting single IPv6 addresses would let one client
 * use 2^64 of them), an IPv4-mapped IPv6 address as the IPv4 address it maps.
 */
final class SourceKey {
    private SourceKey() {}

    static String of(InetAddress address) {
        if (address == null) {
            return null;
        }
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isMappedIpv4(b)) {
            try {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}).getHostAddress();
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return sb.append(":/64").toString();
    }

    private static boolean isMappedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
