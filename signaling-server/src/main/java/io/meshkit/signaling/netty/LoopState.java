package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.Outbox;
import io.meshkit.signaling.wire.PeerJsDecoder;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * What one event loop keeps for the sockets it serves: the decoder and its scratch array, the
 * sockets written since the last flush, and the work handed to the realm's loop. Used on that loop
 * only, except {@link #apply}, which the realm's loop hands over as a task.
 *
 * <p>Work crosses loops in batches: everything the sockets of one loop decoded in one pass of the
 * loop goes to the realm in one task, and everything the realm wrote for one loop's sockets while
 * handling it comes back in one task ({@link NettyOutbox#flush}). A relay between two sockets of the
 * realm's own loop crosses no loop at all.
 */
final class LoopState {
    final EventLoop loop;
    final PeerJsDecoder decoder;
    private final SignalingContext context;
    private byte[] scratch = new byte[4096];
    private final List<WebSocketConnection> dirty = new ArrayList<>();
    private List<Runnable> toRealm = new ArrayList<>();
    private boolean handOffScheduled;
    private final Runnable handOff = this::handOff;

    LoopState(EventLoop loop, SignalingContext context, int maxFrameBytes) {
        this.loop = loop;
        this.context = context;
        this.decoder = new PeerJsDecoder(maxFrameBytes);
    }

    /** Whether this is the realm's loop (realm calls are direct). */
    boolean isRealm() {
        return loop == null || loop == context.realmLoop();
    }

    /** A reusable array of at least {@code len} bytes; valid until the next call. */
    byte[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        return scratch;
    }

    /** Runs {@code work} on the realm's loop: now if this is it, else with this pass's batch. */
    void toRealm(Runnable work) {
        if (isRealm()) {
            work.run();
            return;
        }
        toRealm.add(work);
        if (!handOffScheduled) {
            handOffScheduled = true;
            // Runs after the loop has read every ready socket: one task per pass, not per message.
            loop.execute(handOff);
        }
    }

    private void handOff() {
        handOffScheduled = false;
        List<Runnable> batch = toRealm;
        toRealm = new ArrayList<>(Math.max(16, batch.size()));
        context.realmLoop().execute(() -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).run();
            }
            context.outbox().flush();
        });
    }

    void markDirty(WebSocketConnection conn) {
        if (!conn.dirty) {
            conn.dirty = true;
            dirty.add(conn);
        }
    }

    /** Flushes every socket of this loop written since the last flush (one write syscall each). */
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

    /**
     * On this loop: what the realm wrote for its sockets, in the realm's order ({@code items} pairs a
     * connection with an {@link Outbound} message or an {@link Outbox.CloseKind}).
     */
    void apply(List<Object> items) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            WebSocketConnection c = (WebSocketConnection) items.get(i);
            Object what = items.get(i + 1);
            if (what instanceof Outbox.CloseKind kind) {
                c.closeLocally(kind);
            } else {
                c.writeLocally((Outbound) what);
            }
        }
        flush();
    }
}
