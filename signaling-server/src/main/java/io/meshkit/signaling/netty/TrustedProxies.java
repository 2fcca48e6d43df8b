package io.meshkit.signaling.netty;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a request really comes from behind reverse proxies: {@code X-Forwarded-For} read from the
 * right, as nginx's {@code real_ip_recursive} and Express' {@code trust proxy} with a list do. Each
 * proxy appends the address it received the request from, so only the right end of the list was
 * written by proxies we trust; everything left of the first untrusted hop may be what the client
 * made up.
 *
 * <ul>
 * <li>Not {@code --proxied}: the TCP peer.</li>
 * <li>{@code --proxied} without {@code --trusted_proxies}: one hop is trusted, the TCP peer itself;
 * the client is the right-most {@code X-Forwarded-For} entry (Express {@code trust proxy: 1}).</li>
 * <li>{@code --proxied --trusted_proxies CIDRs}: the TCP peer must be in the list (else the header
 * is ignored); then entries are skipped from the right while they are in the list; the first that
 * is not is the client. If every entry is trusted, the left-most is.</li>
 * </ul>
 * An entry that is not an address ends the walk: the hop to its right, which wrote it, is the answer.
 */
final class TrustedProxies {
    /** One CIDR block. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String s) {
            String t = s.trim();
            int slash = t.indexOf('/');
            byte[] addr = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? t : t.substring(0, slash));
            if (addr == null) {
                throw new IllegalArgumentException("not an address or CIDR block: " + s);
            }
            int bits = addr.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a CIDR prefix length: " + s);
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("CIDR prefix length out of range: " + s);
                }
            }
            return new Cidr(addr, prefix);
        }

        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return NetUtil.toAddressString(InetAddress.getByAddress(network)) + "/" + prefix;
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private final boolean proxied;
    private final List<Cidr> trusted;

    TrustedProxies(boolean proxied, List<Cidr> trusted) {
        this.proxied = proxied;
        this.trusted = List.copyOf(trusted);
    }

    /** Parses a list of CIDR blocks or single addresses, separated by commas or blanks. */
    static List<Cidr> parseList(String s) {
        List<Cidr> out = new ArrayList<>();
        for (String part : s.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(Cidr.parse(part));
            }
        }
        return out;
    }

    /** Whether {@code peer} is a proxy whose {@code X-Forwarded-For} we read. */
    boolean trustsPeer(InetAddress peer) {
        return proxied && peer != null && (trusted.isEmpty() || isTrusted(unmapped(peer.getAddress())));
    }

    /**
     * The client's address, given the TCP peer and the {@code X-Forwarded-For} header values in the
     * order they came (several headers count as one list, joined by commas).
     */
    InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (!trustsPeer(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String h : header.split(",")) {
                hops.add(h.trim());
            }
        }
        InetAddress answer = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] a = NetUtil.createByteArrayFromIpAddressString(hops.get(i));
            if (a == null) {
                return answer;
            }
            try {
                answer = InetAddress.getByAddress(a);
            } catch (UnknownHostException impossible) {
                return answer;
            }
            if (trusted.isEmpty() || !isTrusted(unmapped(a))) {
                return answer;
            }
        }
        return answer;
    }

    private boolean isTrusted(byte[] a) {
        for (Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4-mapped IPv6 address as its IPv4 address, so an IPv4 block matches a dual-stack peer. */
    private static byte[] unmapped(byte[] a) {
        if (a.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return a;
                }
            }
            if (a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
                return new byte[] {a[12], a[13], a[14], a[15]};
            }
        }
        return a;
    }
}
