package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.Outbox;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Carries out the realm's effects on Netty channels. Writes are not flushed one by one: a written
 * connection is marked dirty and {@link #flush()} runs once per read batch (and after timers), so a
 * burst of relays costs one syscall per destination instead of one per message. Everything runs on
 * the server's single event loop.
 */
final class NettyOutbox implements Outbox<WebSocketConnection> {
    private final List<WebSocketConnection> dirty = new ArrayList<>();
    private final long closeTimeoutMillis;

    NettyOutbox(long closeTimeoutMillis) {
        this.closeTimeoutMillis = closeTimeoutMillis;
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
        // A complete text frame in one pooled buffer; the WebSocket encoder lets a ByteBuf through.
        ch.write(TextFrames.encode(ch.alloc(), message), ch.voidPromise());
        markDirty(conn);
        return true;
    }

    @Override
    public void close(WebSocketConnection conn, CloseKind kind) {
        if (conn.closeSent) {
            return;
        }
        conn.closeSent = true;
        Channel ch = conn.channel();
        if (!ch.isActive()) {
            return;
        }
        if (!ch.isWritable()) {
            ch.close();
            return;
        }
        CloseWebSocketFrame frame = kind == CloseKind.RESTART
                ? new CloseWebSocketFrame(WebSocketCloseStatus.SERVICE_RESTART)
                // ws' socket.close() without a code: an empty Close frame (the peer sees 1005).
                : new CloseWebSocketFrame();
        ch.writeAndFlush(frame);
        // Wait for the peer's Close, but not forever (ws waits 30 s).
        ch.eventLoop().schedule(() -> {
            if (ch.isOpen()) {
                ch.close();
            }
        }, closeTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    void markDirty(WebSocketConnection conn) {
        if (!conn.dirty) {
            conn.dirty = true;
            dirty.add(conn);
        }
    }

    /** Flushes every connection written since the last flush. */
    void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        for (int i = 0; i < dirty.size(); i++) {
            WebSocketConnection c = dirty.get(i);
            c.dirty = false;
            c.channel().flush();
        }
        dirty.clear();
    }

}
