package io.meshkit.mesh.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The smallest STUN client that learns our public address: one Binding request (RFC 8489 §6.2.1,
 * 20 bytes, no attributes) over UDP, retransmitted with a doubling timeout, and the
 * {@code XOR-MAPPED-ADDRESS} (or, from an RFC 3489 server, {@code MAPPED-ADDRESS}) of the matching
 * success response. Written here rather than through ice4j: it needs none of ice4j's stack and
 * statics, and the response is parsed with explicit bounds.
 */
public final class StunBinding {
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int ATTR_MAPPED_ADDRESS = 0x0001;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    /** Largest response read; a Binding response is under 100 bytes (coturn: 92). */
    static final int MAX_RESPONSE_BYTES = 1500;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StunBinding() {}

    /** Where to ask: a {@code stun:host[:port]} URI (RFC 7064; default port 3478). */
    public record Server(String host, int port) {
        public static Server parse(String uri) {
            String s = uri.trim();
            if (!s.regionMatches(true, 0, "stun:", 0, 5)) {
                throw new IllegalArgumentException("STUN URI must start with stun: (" + uri + ")");
            }
            URI u = URI.create("stun://" + s.substring(5));
            if (u.getHost() == null) {
                throw new IllegalArgumentException("STUN URI has no host: " + uri);
            }
            return new Server(u.getHost(), u.getPort() > 0 ? u.getPort() : 3478);
        }
    }

    /**
     * Our public address from {@code server}, by docs/PROTOCOL.md §2.5's dual-stack rule: over IPv4 to the first of
     * the host's A records, and over IPv6 to its first AAAA record only when it has no A record or IPv4 got no answer.
     * A client on a dual-stack network thus lands in the namespace of its public IPv4 address, as a browser on the same
     * network does (it uses its IPv4 {@code srflx} candidate), whatever the JVM's address preference. Each address gets
     * up to {@code attempts} requests, waiting {@code firstTimeout}, then twice as long each time (RFC 8489 RTO
     * doubling). Empty when no valid answer came.
     */
    public static Optional<InetAddress> query(Server server, int attempts, Duration firstTimeout) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(server.host());
        } catch (IOException e) {
            return Optional.empty();
        }
        return query(targets(resolved), server.port(), attempts, firstTimeout);
    }

    /** Asks each of {@code targets} in turn until one answers. */
    static Optional<InetAddress> query(List<InetAddress> targets, int port, int attempts, Duration firstTimeout) {
        for (InetAddress target : targets) {
            Optional<InetAddress> a = query(target, port, attempts, firstTimeout);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    /** The addresses to ask, in order: the first IPv4 address, then the first IPv6 address (each if any). */
    static List<InetAddress> targets(InetAddress[] resolved) {
        List<InetAddress> out = new ArrayList<>(2);
        Arrays.stream(resolved).filter(a -> a instanceof Inet4Address).findFirst().ifPresent(out::add);
        Arrays.stream(resolved).filter(a -> a instanceof Inet6Address).findFirst().ifPresent(out::add);
        return out;
    }

    /** One Binding exchange with {@code target}, retransmitted as above. */
    static Optional<InetAddress> query(InetAddress target, int port, int attempts, Duration firstTimeout) {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        byte[] request = request(txid);
        try (DatagramSocket socket = new DatagramSocket()) {
            long timeout = firstTimeout.toMillis();
            for (int i = 0; i < attempts; i++) {
                socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(target, port)));
                long deadline = System.nanoTime() + timeout * 1_000_000L;
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.max(1, left));
                    byte[] buf = new byte[MAX_RESPONSE_BYTES];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    Optional<InetAddress> a = parseResponse(Arrays.copyOf(buf, p.getLength()), txid);
                    if (a.isPresent()) {
                        return a;
                    }
                    // anything else (a stray or forged datagram) is ignored; keep waiting.
                }
                timeout *= 2;
            }
        } catch (IOException e) {
            // no route (UDP blocked, link down, no IPv6): same as no answer
        }
        return Optional.empty();
    }

    /** A 20-byte Binding request with transaction ID {@code txid}. */
    static byte[] request(byte[] txid) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(txid);
        return b.array();
    }

    /** The mapped address of a Binding success response for {@code txid}, or empty for anything else. */
    static Optional<InetAddress> parseResponse(byte[] msg, byte[] txid) {
        if (msg.length < 20 || (msg[0] & 0xc0) != 0) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(msg);
        int type = b.getShort() & 0xffff;
        int length = b.getShort() & 0xffff;
        int cookie = b.getInt();
        byte[] id = new byte[12];
        b.get(id);
        if (type != BINDING_SUCCESS || cookie != MAGIC_COOKIE || !Arrays.equals(id, txid)
                || length != msg.length - 20 || length % 4 != 0) {
            return Optional.empty();
        }
        InetAddress mapped = null;
        while (b.remaining() >= 4) {
            int attr = b.getShort() & 0xffff;
            int len = b.getShort() & 0xffff;
            if (len > b.remaining()) {
                return Optional.empty();
            }
            byte[] value = new byte[len];
            b.get(value);
            b.position(Math.min(b.limit(), b.position() + ((4 - len % 4) % 4)));
            if (attr == ATTR_XOR_MAPPED_ADDRESS) {
                Optional<InetAddress> x = address(value, true, txid);
                if (x.isPresent()) {
                    return x; // XOR-MAPPED-ADDRESS wins (RFC 8489 §14.2)
                }
            } else if (attr == ATTR_MAPPED_ADDRESS && mapped == null) {
                mapped = address(value, false, txid).orElse(null);
            }
        }
        return Optional.ofNullable(mapped);
    }

    private static Optional<InetAddress> address(byte[] v, boolean xor, byte[] txid) {
        if (v.length < 8) {
            return Optional.empty();
        }
        int family = v[1] & 0xff;
        int n = family == 1 ? 4 : family == 2 ? 16 : 0;
        if (n == 0 || v.length != 4 + n) {
            return Optional.empty();
        }
        byte[] addr = Arrays.copyOfRange(v, 4, 4 + n);
        if (xor) {
            byte[] key = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(txid).array();
            for (int i = 0; i < n; i++) {
                addr[i] ^= key[i];
            }
        }
        try {
            return Optional.of(InetAddress.getByAddress(addr));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
