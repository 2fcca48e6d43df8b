package io.meshkit.stun.netty;

import io.meshkit.ops.guard.MessageDeadline;
import io.meshkit.ops.guard.Rejection;
import io.meshkit.ops.guard.Rejections;
import io.meshkit.stun.core.RequestParser;
import io.meshkit.stun.core.StunWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * RFC 8489 §6.2.2 framing over TCP: STUN messages back to back, each sized by its header's length
 * field. Emits each message as a {@code byte[]}. Anything that is not a STUN header (top bits set,
 * length not a multiple of 4, longer than {@link RequestParser#MAX_MESSAGE_LENGTH}) closes the
 * connection, since the stream cannot be resynchronised; so at most one partial message is ever
 * buffered. A message must be complete within the {@link MessageDeadline} from its first byte,
 * so a client dripping a byte at a time cannot hold a connection slot past it.
 */
public final class TcpStunFramer extends ByteToMessageDecoder {
    private final Runnable onGarbage;
    private final MessageDeadline deadline;
    private final Rejections rejections;

    /**
     * @param onGarbage called once when the connection is closed for a framing violation
     * @param deadline started at a message's first byte, stopped at its last
     * @param rejections where the close for a framing violation is counted ({@link Rejection#MALFORMED})
     */
    public TcpStunFramer(Runnable onGarbage, MessageDeadline deadline, Rejections rejections) {
        this.onGarbage = onGarbage;
        this.deadline = deadline;
        this.rejections = rejections;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int type = in.getUnsignedShort(start);
            int bodyLength = in.getUnsignedShort(start + 2);
            int total = StunWire.HEADER_LENGTH + bodyLength;
            if ((type & 0xC000) != 0 || (bodyLength & 3) != 0 || total > RequestParser.MAX_MESSAGE_LENGTH) {
                in.skipBytes(in.readableBytes());
                deadline.disarm();
                onGarbage.run();
                rejections.record(Rejection.MALFORMED, ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            if (in.readableBytes() < total) {
                break;
            }
            byte[] message = new byte[total];
            in.readBytes(message);
            out.add(message);
            deadline.disarm();
        }
        if (in.isReadable()) {
            // The first bytes of the next message: its clock starts (or keeps running) now.
            deadline.arm(ctx);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        deadline.disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        deadline.disarm();
        super.channelInactive(ctx);
    }
}
