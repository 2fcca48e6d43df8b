package io.meshkit.signaling.netty;

import io.meshkit.ops.guard.ConnectionLimiter;
import io.meshkit.ops.guard.SourceKey;
import io.meshkit.signaling.core.RealmListener;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where each connection comes from, and how many one source (an address, an IPv6 /64:
 * {@link SourceKey}) may have open ({@code --max_connections_per_ip}). A direct client is counted
 * when its TCP connection is accepted; behind a trusted reverse proxy the TCP peer is the proxy, so
 * the client (from {@code X-Forwarded-For}, see {@link TrustedProxies}) is counted when its
 * WebSocket upgrade arrives. Refusals go to the realm's listener (counted and logged by source).
 */
final class SourceGate {
    private final ConnectionLimiter limiter;
    private final TrustedProxies proxies;
    private final RealmListener listener;

    SourceGate(ServerOptions options, RealmListener listener) {
        int perSource = options.limits().maxConnectionsPerSource();
        this.limiter = new ConnectionLimiter(Integer.MAX_VALUE, perSource == 0 ? Integer.MAX_VALUE : perSource);
        this.proxies = new TrustedProxies(options.proxied(), options.trustedProxies().stream()
                .map(TrustedProxies.Cidr::parse).toList());
        this.listener = listener;
    }

    /**
     * A TCP connection was accepted: counts it under its peer's source (unless the peer is a trusted
     * proxy) and returns {@code false} when that source already has the most connections.
     */
    boolean admit(Channel ch) {
        InetAddress peer = peer(ch);
        if (peer == null || proxies.trustsPeer(peer)) {
            return true;
        }
        return acquire(ch, SourceKey.of(peer));
    }

    /** The per-source key (as text) of the client behind this upgrade request, after {@code X-Forwarded-For}. */
    String sourceOf(Channel ch, HttpHeaders headers) {
        InetAddress client = client(ch, headers);
        return client == null ? null : SourceKey.of(client).toString();
    }

    /**
     * Behind a trusted proxy, counts the upgraded socket under its client's source (a direct client
     * was counted at accept); {@code false} when that source already has the most.
     */
    boolean admitUpgrade(Channel ch, HttpHeaders headers) {
        if (!proxies.trustsPeer(peer(ch))) {
            return true;
        }
        InetAddress client = client(ch, headers);
        return client == null || acquire(ch, SourceKey.of(client));
    }

    private boolean acquire(Channel ch, SourceKey source) {
        if (limiter.tryAcquire(source) != ConnectionLimiter.Admission.ADMITTED) {
            listener.rejected(RealmListener.Rejection.IP_CONNECTIONS, source.toString());
            return false;
        }
        ch.closeFuture().addListener(f -> limiter.release(source));
        return true;
    }

    /** The client's address: the TCP peer, or what trusted proxies say in {@code X-Forwarded-For}. */
    InetAddress client(Channel ch, HttpHeaders headers) {
        return proxies.client(peer(ch), headers.getAll("X-Forwarded-For"));
    }

    /** {@link #client} as text ({@code ::ffff:a.b.c.d} shown as {@code a.b.c.d}), or "" when unknown. */
    String clientText(Channel ch, HttpHeaders headers) {
        InetAddress a = client(ch, headers);
        return a == null ? "" : NetUtil.toAddressString(a);
    }

    private static InetAddress peer(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    }
}
