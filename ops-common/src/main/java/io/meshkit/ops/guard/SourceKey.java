package io.meshkit.ops.guard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Who a per-source limit counts: an IPv4 address, or the /64 prefix of an IPv6 address (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client
 * take every slot by cycling addresses). An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d},
 * what a dual-stack socket reports for IPv4 clients) counts as the IPv4 address.
 *
 * @param prefix 4 bytes (IPv4) or the first 8 bytes of an IPv6 address
 */
public record SourceKey(byte[] prefix) {
    /** The key of a connection whose remote address is not an IP address (embedded tests, Unix sockets). */
    public static final SourceKey UNKNOWN = new SourceKey(new byte[0]);

    public SourceKey {
        prefix = prefix.clone();
    }

    /** The key of {@code address}. */
    public static SourceKey of(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet6Address && isV4Mapped(a)) {
            return new SourceKey(Arrays.copyOfRange(a, 12, 16));
        }
        return new SourceKey(address instanceof Inet4Address ? a : Arrays.copyOf(a, 8));
    }

    /** The key of a channel's remote address; {@link #UNKNOWN} when it is not an IP socket address. */
    public static SourceKey of(SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return of(isa.getAddress());
        }
        return UNKNOWN;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceKey k && Arrays.equals(prefix, k.prefix);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(prefix);
    }

    /** {@code 203.0.113.7} or {@code 2001:db8:1:2::/64}: safe to log (an address, never client data). */
    @Override
    public String toString() {
        try {
            if (prefix.length == 4) {
                return InetAddress.getByAddress(prefix).getHostAddress();
            }
            if (prefix.length == 8) {
                String full = InetAddress.getByAddress(Arrays.copyOf(prefix, 16)).getHostAddress();
                // getHostAddress gives 8 groups; keep the first 4 (the /64).
                String[] g = full.split(":");
                return g[0] + ":" + g[1] + ":" + g[2] + ":" + g[3] + "::/64";
            }
        } catch (UnknownHostException impossible) {
            // 4 or 16 bytes are always an address
        }
        return "unknown";
    }
}
