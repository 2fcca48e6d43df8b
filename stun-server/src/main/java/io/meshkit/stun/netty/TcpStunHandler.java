package io.meshkit.stun.netty;

import io.meshkit.stun.ServerStats;
import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.Outcome;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.core.Transport;
import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.ops.guard.Rejection;
import io.meshkit.ops.guard.Rejections;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers framed STUN messages on one TCP connection, on the same connection (RFC 8489 §6.2.2).
 * Stops reading while the peer does not read its responses (no unbounded write queue), and closes
 * an idle connection (counted by {@link Rejection}).
 */
public final class TcpStunHandler extends SimpleChannelInboundHandler<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpStunHandler.class);

    private final StunResponder responder;
    private final ServerStats stats;
    private final LongSupplier clockMillis;
    private final Rejections rejections;

    public TcpStunHandler(StunResponder responder, ServerStats stats, LongSupplier clockMillis, Rejections rejections) {
        this.responder = responder;
        this.stats = stats;
        this.clockMillis = clockMillis;
        this.rejections = rejections;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] message) {
        stats.received(Transport.TCP);
        Outcome outcome = responder.handle(message, 0, message.length, (InetSocketAddress) ctx.channel().remoteAddress(),
                Transport.TCP, Endpoint.PRIMARY, clockMillis.getAsLong());
        if (outcome instanceof Outcome.Reply reply) {
            byte[] response = reply.bytes();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(response), ctx.voidPromise());
            stats.answered(Transport.TCP, response);
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            stats.dropped(((Outcome.Drop) outcome).reason());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // Reading pauses while the peer does not take its responses, so a reader-idle connection
            // with bytes still unwritten is one that stopped reading, not merely a quiet one.
            ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
            boolean unread = out != null && out.totalPendingWriteBytes() > 0;
            rejections.record(unread ? Rejection.WRITE_BACKLOG : Rejection.IDLE_TIMEOUT, ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OutOfMemoryExit.PROCESS.check(cause);
        stats.error();
        LOG.debug("TCP error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
