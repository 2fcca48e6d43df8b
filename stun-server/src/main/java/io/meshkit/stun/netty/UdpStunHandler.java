package io.meshkit.stun.netty;

import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.stun.ServerStats;
import io.meshkit.stun.core.DropReason;
import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.Outcome;
import io.meshkit.stun.core.RequestParser;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.core.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds each datagram to the {@link StunResponder} and sends the reply from the socket the core
 * chose (the arrival socket, or for RFC 5780 CHANGE-REQUEST another one). Never logs packet bytes.
 */
@ChannelHandler.Sharable
public final class UdpStunHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(UdpStunHandler.class);

    private final StunResponder responder;
    private final ServerStats stats;
    private final LongSupplier clockMillis;
    private final Map<Channel, Endpoint> arrival;
    private final Map<Endpoint, Channel> senders;

    /**
     * @param arrival which endpoint each UDP channel serves
     * @param senders the channel to send from for each endpoint (one entry without RFC 5780)
     */
    public UdpStunHandler(StunResponder responder, ServerStats stats, LongSupplier clockMillis,
                          Map<Channel, Endpoint> arrival, Map<Endpoint, Channel> senders) {
        this.responder = responder;
        this.stats = stats;
        this.clockMillis = clockMillis;
        this.arrival = arrival;
        this.senders = senders;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        stats.received(Transport.UDP);
        ByteBuf content = packet.content();
        int len = content.readableBytes();
        if (len > RequestParser.MAX_MESSAGE_LENGTH) {
            stats.dropped(DropReason.TOO_LONG);
            return;
        }
        byte[] bytes = new byte[len];
        content.getBytes(content.readerIndex(), bytes);
        Endpoint endpoint = arrival.getOrDefault(ctx.channel(), Endpoint.PRIMARY);
        Outcome outcome = responder.handle(bytes, 0, len, packet.sender(), Transport.UDP, endpoint,
                clockMillis.getAsLong());
        if (outcome instanceof Outcome.Reply reply) {
            Channel out = senders.getOrDefault(reply.from(), ctx.channel());
            byte[] response = reply.bytes();
            DatagramPacket answer = new DatagramPacket(Unpooled.wrappedBuffer(response), reply.to());
            if (out == ctx.channel()) {
                // Flushed in channelReadComplete: one sendmmsg for the read batch instead of one sendmsg each.
                ctx.write(answer, ctx.voidPromise());
            } else {
                out.writeAndFlush(answer, out.voidPromise());
            }
            stats.answered(Transport.UDP, response);
        } else {
            stats.dropped(((Outcome.Drop) outcome).reason());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OutOfMemoryExit.PROCESS.check(cause);
        // A socket error (e.g. ICMP unreachable surfaced by the kernel) or our bug: count it, keep serving.
        stats.error();
        LOG.debug("UDP error on {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
