package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.RealmListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds what unfinished fragmented messages hold (RFC 6455 section 5.4): the aggregator after this
 * handler keeps every fragment until the last one comes, so a client that starts a message and never
 * finishes it would hold up to the frame limit per socket for as long as the socket lives. Here each
 * unfinished message must finish within {@code fragmentTimeout} (else close 1008), and its bytes count
 * against one budget for all sockets ({@link Budget}; beyond it close 1013, "try again later").
 * An unfragmented frame, what every PeerJS client sends, costs one type check and one flag check.
 */
final class FragmentGuard extends ChannelInboundHandlerAdapter {
    /** The bytes all sockets' unfinished messages hold; one per server, used on its event loop only. */
    static final class Budget {
        private final long max;
        private long held;

        Budget(long max) {
            this.max = max;
        }

        synchronized boolean take(long n) {
            if (held + n > max) {
                return false;
            }
            held += n;
            return true;
        }

        synchronized void give(long n) {
            held -= n;
        }

        synchronized long held() {
            return held;
        }
    }

    private final Budget budget;
    private final long timeoutMillis;
    private final Closer closer;
    private long holding;
    private ScheduledFuture<?> deadline;
    private boolean closing;

    /** How the guard ends a socket: with a close code, counted under a reason. */
    interface Closer {
        void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, RealmListener.Closure reason);
    }

    FragmentGuard(Budget budget, long timeoutMillis, Closer closer) {
        this.budget = budget;
        this.timeoutMillis = timeoutMillis;
        this.closer = closer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            boolean start = (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
                    && !frame.isFinalFragment();
            if (start || (frame instanceof ContinuationWebSocketFrame && holding > 0)) {
                if (start && deadline == null) {
                    deadline = ctx.executor().schedule(() -> fail(ctx, WebSocketCloseStatus.POLICY_VIOLATION,
                            RealmListener.Closure.FRAGMENT_TIMEOUT), timeoutMillis, TimeUnit.MILLISECONDS);
                }
                long n = frame.content().readableBytes();
                if (!frame.isFinalFragment()) {
                    if (!budget.take(n)) {
                        ReferenceCountUtil.release(msg);
                        fail(ctx, WebSocketCloseStatus.TRY_AGAIN_LATER, RealmListener.Closure.FRAGMENT_BUDGET);
                        return;
                    }
                    holding += n;
                } else {
                    finished();
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, RealmListener.Closure reason) {
        if (closing) {
            return;
        }
        closing = true;
        finished();
        closer.close(ctx, status, reason);
    }

    /** The message completed or was given up: its bytes go back to the budget. */
    private void finished() {
        budget.give(holding);
        holding = 0;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finished();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finished();
    }
}
