package io.meshkit.signaling.netty;

import io.meshkit.signaling.cluster.ClusterDirectory;
import io.meshkit.signaling.cluster.ClusterMeter;
import io.meshkit.signaling.metrics.ClusterMetrics;
import io.meshkit.signaling.metrics.SignalingMetrics;
import io.meshkit.signaling.cluster.ClusterOptions;
import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.Outbox;
import io.meshkit.signaling.core.Realm;
import io.meshkit.signaling.core.RealmListener;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * The Netty side of cluster mode (docs/CLUSTER.md): builds the Redis directory on the event loop,
 * and claims a new socket's ID in Redis before the realm sees the socket.
 */
final class ClusterSetup {
    private ClusterSetup() {}

    static ClusterDirectory<WebSocketConnection> directory(ClusterOptions cluster, ServerOptions options,
                                                           ScheduledExecutorService loop,
                                                           BiConsumer<Boolean, String> ready,
                                                           SignalingMetrics metrics) {
        if (cluster == null) {
            return null;
        }
        ClusterMeter meter = metrics == null ? ClusterMeter.NONE : new ClusterMetrics(metrics.registry());
        // The lease is alive_timeout: the realm releases a silent client after it, Redis releases the
        // IDs of a dead node after it.
        return new ClusterDirectory<>(cluster, options.realm().aliveTimeoutMillis(), options.limits().maxFrameBytes(),
                loop, ready, meter);
    }

    static void start(SignalingContext context) {
        ClusterDirectory<WebSocketConnection> cluster = context.cluster();
        if (cluster == null) {
            return;
        }
        cluster.start(new ClusterDirectory.Host<>() {
            @Override
            public Realm<WebSocketConnection> realm() {
                return context.realm();
            }

            @Override
            public long now() {
                return context.now();
            }

            @Override
            public void flush() {
                context.outbox().flush();
            }

            @Override
            public void dropped(RealmListener.Drop reason) {
                context.listener().dropped(reason, "redis");
            }
        });
    }

    /**
     * Claims the socket's ID in Redis first when the realm would register a new client (parameters,
     * key and ID valid, ID not held on this node, the source not throttled for wrong tokens); returns
     * whether it did (the realm is called when the claim answers). Anything else — refusals, same-node
     * re-attach, same-node ID-TAKEN — is the realm's as on one node.
     */
    static boolean claimFirst(SignalingContext context, WebSocketConnection conn, String id, String token, String key) {
        ClusterDirectory<WebSocketConnection> cluster = context.cluster();
        if (id == null || id.isEmpty() || token == null || token.isEmpty() || key == null
                || !key.equals(context.realm().config().key()) || !context.realm().validId(id)
                || context.realm().client(id) != null) {
            return false;
        }
        String source = conn.source();
        if (!context.realm().mayTryToken(source, id, context.now())) {
            // Too many wrong tokens for this ID or from this source lately: ID-TAKEN without asking Redis.
            refuseTaken(context, conn, RealmListener.Rejection.TOKEN_THROTTLED);
            return true;
        }
        cluster.claim(id, token, result -> {
            if (!conn.channel().isActive()) {
                if (result == ClusterDirectory.Claim.NEW || result == ClusterDirectory.Claim.MOVED) {
                    cluster.unclaim(id, token);
                }
                return;
            }
            switch (result) {
                case NEW, MOVED -> conn.openClaimed(id, token, key);
                case TAKEN -> {
                    // As the reference's ID-TAKEN (webSocketServer/index.ts): the holder sits on another
                    // node, with another token (Redis compared their hashes).
                    context.realm().wrongToken(source, id, context.now());
                    refuseTaken(context, conn, RealmListener.Rejection.ID_TAKEN);
                }
                case UNAVAILABLE -> {
                    // Without Redis no claim is safe: refuse new clients; those already here keep relaying.
                    context.outbox().send(conn, new Outbound.Error(Outbound.ErrorText.CLUSTER_UNAVAILABLE));
                    context.outbox().close(conn, Outbox.CloseKind.PLAIN);
                    context.outbox().flush();
                }
                default -> throw new IllegalStateException(result.toString());
            }
        });
        return true;
    }

    private static void refuseTaken(SignalingContext context, WebSocketConnection conn, RealmListener.Rejection why) {
        context.outbox().send(conn, Outbound.IdTaken.INSTANCE);
        context.outbox().close(conn, Outbox.CloseKind.PLAIN);
        context.listener().rejected(why, conn.source());
        context.outbox().flush();
    }
}
