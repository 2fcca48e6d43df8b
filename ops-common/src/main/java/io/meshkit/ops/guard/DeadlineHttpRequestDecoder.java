package io.meshkit.ops.guard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's {@link HttpRequestDecoder} with a deadline per request: from the first byte of a request
 * (request line, headers and body) to its last may take at most the {@link MessageDeadline}'s
 * timeout, or the connection is closed. An idle timer alone is reset by every byte, so a client
 * dripping one byte every few seconds would hold the connection for ever (slowloris); Node's
 * {@code server.requestTimeout} is the same idea.
 *
 * <p>The decoder consumes a request's bytes as it goes and, after each call, either has emitted the
 * request's {@link LastHttpContent} (the request is complete) or is inside one: so bytes consumed
 * or left waiting without a completed request mean a request is under way.
 */
public final class DeadlineHttpRequestDecoder extends HttpRequestDecoder {
    private final MessageDeadline deadline;

    public DeadlineHttpRequestDecoder(HttpDecoderConfig config, MessageDeadline deadline) {
        super(config);
        this.deadline = deadline;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int before = in.readerIndex();
        int emitted = out.size();
        super.decode(ctx, in, out);
        boolean completed = false;
        for (int i = emitted; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                completed = true;
            }
        }
        if (completed) {
            // The decoder returns after each complete request, so what follows in the buffer (if
            // anything) is the next request, started now.
            deadline.disarm();
            if (in.isReadable()) {
                deadline.arm(ctx);
            }
        } else if (in.readerIndex() > before || in.isReadable()) {
            deadline.arm(ctx);
        }
    }

    /** Whether a request has begun and is not complete yet. */
    public boolean requestUnderWay() {
        return deadline.armed();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        // Replaced by a WebSocket decoder on upgrade, or the channel is gone.
        deadline.disarm();
        super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        deadline.disarm();
        super.channelInactive(ctx);
    }
}
