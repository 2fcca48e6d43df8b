package io.meshkit.ops.guard;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Back-pressure for an HTTP/1.1 connection: one request in flight. When a request goes up the
 * pipeline, reading stops ({@code autoRead} off) until its response has been written to the
 * socket, so a client that pipelines thousands of requests and never reads the answers makes the
 * server hold one response, not thousands (each {@code GET /metrics} answer is tens of KiB).
 * Requests already decoded from the same read wait here in order, at most {@code maxPipelined} of
 * them; a client that pipelines more is closed ({@link Rejection#PIPELINE_LIMIT}), whether it
 * reads its answers or not (browsers never pipeline; other clients rarely, and not that deep). A response
 * whose unwritten bytes pass {@code maxUnwrittenBytes} closes the connection
 * ({@link Rejection#WRITE_BACKLOG}), and an {@link IdleStateEvent} closes it too (counted as
 * {@link Rejection#WRITE_BACKLOG} when bytes are still waiting to be taken by the peer,
 * {@link Rejection#MESSAGE_TIMEOUT} when a request has begun and is not complete, else
 * {@link Rejection#IDLE_TIMEOUT}).
 *
 * <p>Place it after the aggregator (it sees whole requests) and after the {@code IdleStateHandler};
 * remove it from the pipeline on a protocol upgrade (reading resumes).
 */
public final class HttpExchangeGuard extends ChannelDuplexHandler {
    private final int maxPipelined;
    private final long maxUnwrittenBytes;
    private final Rejections rejections;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closing;

    /**
     * @param maxPipelined requests that may wait behind the one in flight (0: a client must wait for
     *        each answer before sending the next request)
     * @param maxUnwrittenBytes bytes queued for the socket beyond which the connection is closed
     */
    public HttpExchangeGuard(int maxPipelined, long maxUnwrittenBytes, Rejections rejections) {
        if (maxPipelined < 0 || maxUnwrittenBytes < 1) {
            throw new IllegalArgumentException("maxPipelined >= 0 and maxUnwrittenBytes >= 1");
        }
        this.maxPipelined = maxPipelined;
        this.maxUnwrittenBytes = maxUnwrittenBytes;
        this.rejections = rejections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inFlight) {
            if (waiting.size() >= maxPipelined) {
                ReferenceCountUtil.release(msg);
                reject(ctx, Rejection.PIPELINE_LIMIT);
                return;
            }
            waiting.add(msg);
            return;
        }
        start(ctx, msg);
    }

    private void start(ChannelHandlerContext ctx, Object request) {
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof LastHttpContent;
        if (last && inFlight) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (f.isSuccess()) {
                    // Later, not inside this write: requests decoded from the same read as this one
                    // must find it still in flight and wait (or pass the pipelining bound), so that
                    // one connection cannot have a whole read's worth of requests answered in one go
                    // while other connections wait for the loop.
                    ctx.executor().execute(() -> finished(ctx));
                } else {
                    ctx.channel().close();
                }
            });
        }
        ctx.write(msg, promise);
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > maxUnwrittenBytes) {
            reject(ctx, Rejection.WRITE_BACKLOG);
        }
    }

    /** The response went to the socket: answer the next waiting request, or read again. */
    private void finished(ChannelHandlerContext ctx) {
        if (!inFlight || closing || ctx.isRemoved()) {
            return;
        }
        inFlight = false;
        Object next = waiting.poll();
        if (next != null) {
            start(ctx, next);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
            boolean unread = out != null && out.totalPendingWriteBytes() > 0;
            // The idle timer sits after the decoder, so bytes of an unfinished request do not reset
            // it: idle with a request under way is a request too slow to arrive, not a quiet client.
            DeadlineHttpRequestDecoder decoder = ctx.pipeline().get(DeadlineHttpRequestDecoder.class);
            boolean partial = decoder != null && decoder.requestUnderWay();
            reject(ctx, unread ? Rejection.WRITE_BACKLOG : partial ? Rejection.MESSAGE_TIMEOUT : Rejection.IDLE_TIMEOUT);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void reject(ChannelHandlerContext ctx, Rejection reason) {
        if (closing) {
            return;
        }
        closing = true;
        releaseWaiting();
        rejections.record(reason, ctx.channel().remoteAddress());
        ctx.channel().close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
        if (inFlight && !closing) {
            // Removed for a protocol upgrade while the upgrade request was in flight: the new
            // protocol's handlers manage reading from here on.
            inFlight = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void releaseWaiting() {
        Object m;
        while ((m = waiting.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
