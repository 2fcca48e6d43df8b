package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.Outbox;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out the realm's effects on Netty channels, on the realm's loop. A socket of that loop is
 * written at once; a socket of another loop gets the message in that loop's batch, handed over by
 * {@link #flush()} in one task per loop. Writes are not flushed one by one: a written connection is
 * marked dirty and flushed once per read batch (and after timers), so a burst of relays costs one
 * syscall per destination instead of one per message.
 */
final class NettyOutbox implements Outbox<WebSocketConnection> {
    private final SignalingContext context;
    /** Per other loop: connection, message-or-close pairs, in the realm's order (realm loop only). */
    private final Map<LoopState, List<Object>> pending = new IdentityHashMap<>();

    NettyOutbox(SignalingContext context) {
        this.context = context;
    }

    @Override
    public boolean send(WebSocketConnection conn, Outbound message) {
        Channel ch = conn.channel();
        if (!ch.isActive()) {
            return false;
        }
        if (conn.closeSent) {
            // ws drops what is sent to a closing socket without an error.
            return true;
        }
        if (!ch.isWritable()) {
            // More than the outbound limit is waiting: the reader is gone or too slow. Treat it as dead.
            return false;
        }
        if (conn.local.isRealm()) {
            conn.writeLocally(message);
        } else {
            batch(conn.local).add(conn);
            batch(conn.local).add(message);
        }
        return true;
    }

    @Override
    public void close(WebSocketConnection conn, CloseKind kind) {
        if (conn.local.isRealm()) {
            conn.closeLocally(kind);
        } else {
            List<Object> b = batch(conn.local);
            b.add(conn);
            b.add(kind);
        }
    }

    private List<Object> batch(LoopState loop) {
        return pending.computeIfAbsent(loop, l -> new ArrayList<>());
    }

    /** Flushes the realm loop's sockets and hands every other loop its batch. */
    void flush() {
        context.realmState().flush();
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<LoopState, List<Object>> e : pending.entrySet()) {
            LoopState loop = e.getKey();
            List<Object> items = e.getValue();
            loop.loop.execute(() -> loop.apply(items));
        }
        pending.clear();
    }
}
