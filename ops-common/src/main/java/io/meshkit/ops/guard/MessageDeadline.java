package io.meshkit.ops.guard;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A per-message deadline on one connection: {@link #arm} when the first byte of a message arrives,
 * {@link #disarm} when the message is complete; if it is still armed {@code timeoutMillis} after
 * arming, the connection is closed and counted as {@link Rejection#MESSAGE_TIMEOUT}. Unlike an idle
 * timer, a byte now and then does not extend it: a client that drips one byte every few seconds
 * cannot hold a connection slot for longer than the deadline. Used on the channel's event loop only.
 */
public final class MessageDeadline {
    private final long timeoutMillis;
    private final Rejections rejections;
    private ScheduledFuture<?> timer;

    /** @param timeoutMillis time from a message's first byte to its last, at least 1 */
    public MessageDeadline(long timeoutMillis, Rejections rejections) {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("message timeout must be >= 1 ms");
        }
        this.timeoutMillis = timeoutMillis;
        this.rejections = rejections;
    }

    /** Starts the clock unless it already runs (the message began earlier). */
    public void arm(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The message is complete (or the connection is going away): stops the clock. */
    public void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Whether a message is under way. */
    public boolean armed() {
        return timer != null;
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (ctx.channel().isActive()) {
            rejections.record(Rejection.MESSAGE_TIMEOUT, ctx.channel().remoteAddress());
            ctx.channel().close();
        }
    }
}
