package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.core.SourceAccounts;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where each connection comes from, and how many one source may have open. A direct client is
 * counted when its TCP connection is accepted; behind a trusted reverse proxy the TCP peer is the
 * proxy, so the client (from {@code X-Forwarded-For}, see {@link TrustedProxies}) is counted when
 * its WebSocket upgrade arrives. Event loop only.
 */
final class SourceGate {
    private final SourceAccounts accounts;
    private final TrustedProxies proxies;
    private final RealmListener listener;

    SourceGate(ServerOptions options, RealmListener listener) {
        this.accounts = new SourceAccounts(options.limits().maxConnectionsPerSource(), 0, 0);
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
        if (proxies.trustsPeer(peer)) {
            return true;
        }
        String source = SourceKey.of(peer);
        if (!accounts.openConnection(source)) {
            listener.rejected(RealmListener.Rejection.IP_CONNECTIONS, source);
            return false;
        }
        ch.closeFuture().addListener(f -> accounts.closeConnection(source));
        return true;
    }

    /** The per-source key of the client behind this upgrade request (after {@code X-Forwarded-For}), or null if unknown. */
    String sourceOf(Channel ch, HttpHeaders headers) {
        return SourceKey.of(client(ch, headers));
    }

    /**
     * Behind a trusted proxy, counts the upgraded socket under its client's {@code source} (a direct
     * client was counted at accept); {@code false} when that source already has the most.
     */
    boolean admitUpgrade(Channel ch, String source) {
        if (!proxies.trustsPeer(peer(ch))) {
            return true;
        }
        if (!accounts.openConnection(source)) {
            listener.rejected(RealmListener.Rejection.IP_CONNECTIONS, source);
            return false;
        }
        ch.closeFuture().addListener(f -> accounts.closeConnection(source));
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
