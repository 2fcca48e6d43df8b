package io.meshkit.stun.netty;

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
 * buffered.
 */
public final class TcpStunFramer extends ByteToMessageDecoder {
    private final Runnable onGarbage;

    /** @param onGarbage called once when the connection is closed for a framing violation */
    public TcpStunFramer(Runnable onGarbage) {
        this.onGarbage = onGarbage;
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
                onGarbage.run();
                ctx.close();
                return;
            }
            if (in.readableBytes() < total) {
                return;
            }
            byte[] message = new byte[total];
            in.readBytes(message);
            out.add(message);
        }
    }
}
