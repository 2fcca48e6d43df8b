package io.meshkit.signaling.netty;

import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.signaling.core.Client;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.core.TokenBucket;
import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.Utf8;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded WebSocket: the last handler of its pipeline and the realm's connection handle. Frames
 * are decoded once here ({@link io.meshkit.signaling.wire.PeerJsDecoder}) and handed to the realm;
 * text and binary frames alike, as the reference parses {@code data.toString()} of both.
 *
 * <p>Everything the peer can make us write is bounded: a ping costs a token of the same rate limit
 * as a message and its pong is not written while the socket is over its outbound bound; a socket
 * whose unwritten bytes pass that bound ({@code --max_outbound_bytes}, Netty's high water mark) is
 * closed at once. A socket that sends nothing for {@code alive_timeout} is closed (read deadline).
 *
 * <p>Threads: the socket's own event loop reads, decodes, rate-limits and writes; the realm (open,
 * messages, close) runs on the realm's loop, directly when that is this socket's loop, else through
 * {@link LoopState#toRealm}. {@link #client} belongs to the realm's loop; {@link #closeSent} is
 * written on this socket's loop and read on both.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final SignalingContext context;
    private final Channel channel;
    private final TokenBucket bucket;
    /** How far over the rate limit a socket may go before it is closed (ten times the rate and the burst). */
    private final TokenBucket excess;
    private final String source;
    /** The loop serving this socket and what it keeps for its sockets. */
    final LoopState local;
    /** The realm's client for this socket (realm loop only). */
    private Client<WebSocketConnection> client;
    /** Set on this socket's loop when the open is handed to the realm: messages may follow it there. */
    private boolean opening;
    volatile boolean closeSent;
    boolean dirty;
    /**
     * Where relayed frames are written from: the handler right after TLS (or the head), so a frame
     * already encoded does not cross the WebSocket encoder and the meters on its way out.
     */
    private ChannelHandlerContext writeFrom;

    WebSocketConnection(SignalingContext context, Channel channel, String source) {
        this.context = context;
        this.channel = channel;
        this.source = source;
        this.local = context.loopOf(channel);
        ServerOptions.Limits l = context.options().limits();
        this.bucket = new TokenBucket(l.rateLimitPerSecond(), l.rateBurst(), context.now());
        this.excess = new TokenBucket(10.0 * l.rateLimitPerSecond(), 10.0 * l.rateBurst(), context.now());
    }

    Channel channel() {
        return channel;
    }

    /** Where the client comes from (the per-source key). */
    String source() {
        return source;
    }

    /** Called once the 101 response is out (on this socket's loop): registers with the realm (which may refuse). */
    void open(String id, String token, String key) {
        opening = true;
        local.toRealm(() -> {
            if (context.cluster() != null && ClusterSetup.claimFirst(context, this, id, token, key)) {
                return;
            }
            client = context.realm().connect(this, source, id, token, key, context.now());
            context.outbox().flush();
        });
    }

    /** Cluster mode: this node now holds the ID in Redis; register with the realm as on one node. */
    void openClaimed(String id, String token, String key) {
        client = context.realm().connect(this, source, id, token, key, context.now());
        if (client == null) {
            context.cluster().unclaim(id, token);
        }
        context.outbox().flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                onData(ctx, text.content(), true);
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                onData(ctx, binary.content(), false);
            } else if (msg instanceof PingWebSocketFrame ping) {
                onPing(ctx, ping);
            } else if (msg instanceof CloseWebSocketFrame close) {
                onClose(ctx, close);
            }
            // Pong and anything else: nothing to do.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * RFC 6455 section 5.5.2 asks for a pong "as soon as practical", not one per ping at any rate: a
     * ping over the rate limit, or while the peer leaves what we wrote unread, gets none.
     */
    private void onPing(ChannelHandlerContext ctx, PingWebSocketFrame ping) {
        if (closeSent) {
            return;
        }
        if (!bucket.tryTake(context.now())) {
            rateLimited(ctx);
        } else if (!channel.isWritable()) {
            context.listener().dropped(RealmListener.Drop.BACKPRESSURE, source);
        } else {
            ctx.write(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            local.markDirty(this);
        }
    }

    private void onData(ChannelHandlerContext ctx, ByteBuf content, boolean text) {
        if (closeSent) {
            return;
        }
        int len = content.readableBytes();
        byte[] bytes;
        int off;
        if (content.hasArray()) {
            bytes = content.array();
            off = content.arrayOffset() + content.readerIndex();
        } else {
            // A direct buffer (what the socket reads into): one copy into the loop's scratch array,
            // no allocation per message. The decoder copies out whatever it keeps.
            bytes = local.scratch(len);
            content.getBytes(content.readerIndex(), bytes, 0, len);
            off = 0;
        }
        long now = context.now();
        // On another loop than the realm's, a socket whose open was handed over is treated as open:
        // the realm drops what it sends if it refused the socket after all.
        boolean speaks = local.isRealm() ? client != null : opening;
        boolean process = speaks && bucket.tryTake(now);
        if (!process) {
            // A refused socket (the reference never attached a message handler to it) or a dropped
            // message: not decoded, but a text message must still be UTF-8 (ws checks every one).
            if (text && !Utf8.isValid(bytes, off, len)) {
                closeWith(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
            } else if (speaks) {
                rateLimited(ctx);
            }
            return;
        }
        Inbound in = text ? local.decoder.decodeText(bytes, off, len) : local.decoder.decode(bytes, off, len);
        if (in == null) {
            // Invalid UTF-8 in a text message: 1007, as ws (and Netty's Utf8FrameValidator) would.
            closeWith(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
            return;
        }
        if (local.isRealm()) {
            context.realm().receive(client, this, in, now);
        } else {
            local.toRealm(() -> {
                if (client != null) {
                    context.realm().receive(client, this, in, now);
                }
            });
        }
    }

    /**
     * A frame over the rate limit is dropped. A client that keeps at it, ten times over the rate and
     * the burst, is closed (1008): reading and dropping its frames would still cost the event loop.
     */
    private void rateLimited(ChannelHandlerContext ctx) {
        context.listener().dropped(RealmListener.Drop.RATE_LIMITED, source);
        if (!excess.tryTake(context.now())) {
            context.listener().closed(RealmListener.Closure.RATE_ABUSE, source);
            closeWith(ctx, WebSocketCloseStatus.POLICY_VIOLATION);
        }
    }

    private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        if (closeSent) {
            // The answer to our Close: the handshake is complete.
            ctx.close();
            return;
        }
        closeSent = true;
        // Echo the status code, as ws does, then end the connection.
        ctx.writeAndFlush(new CloseWebSocketFrame(close.isFinalFragment(), close.rsv(), close.content().retain()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (local.isRealm()) {
            context.outbox().flush();
        } else {
            local.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (local.isRealm() ? client != null : opening) {
            long now = context.now();
            local.toRealm(() -> {
                if (client != null) {
                    context.realm().closed(client, this, now);
                    context.outbox().flush();
                }
            });
        }
        ctx.fireChannelInactive();
    }

    /** Writes one message to this socket now (this socket's loop): a complete text frame in one pooled buffer. */
    void writeLocally(io.meshkit.signaling.core.Outbound message) {
        if (closeSent || !channel.isActive()) {
            return;
        }
        if (writeFrom == null) {
            writeFrom = firstAfterTls();
        }
        writeFrom.write(TextFrames.encode(channel.alloc(), message), channel.voidPromise());
        local.markDirty(this);
    }

    /** The context a frame already encoded is written from: the handler after {@code tls}, else the first. */
    private ChannelHandlerContext firstAfterTls() {
        io.netty.channel.ChannelPipeline p = channel.pipeline();
        ChannelHandlerContext tls = p.context("tls");
        if (tls == null) {
            return p.firstContext();
        }
        boolean next = false;
        for (String name : p.names()) {
            if (next && p.context(name) != null) {
                return p.context(name);
            }
            next = name.equals("tls");
        }
        return p.lastContext();
    }

    /**
     * Closes as the realm asked (this socket's loop): Close frame without code (the peer sees 1005,
     * as from ws' {@code socket.close()}) or 1012 on shutdown; TCP is cut after the close timeout.
     */
    void closeLocally(io.meshkit.signaling.core.Outbox.CloseKind kind) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            channel.close();
            return;
        }
        CloseWebSocketFrame frame = kind == io.meshkit.signaling.core.Outbox.CloseKind.RESTART
                ? new CloseWebSocketFrame(WebSocketCloseStatus.SERVICE_RESTART)
                : new CloseWebSocketFrame();
        channel.writeAndFlush(frame);
        // Wait for the peer's Close, but not forever (ws waits 30 s).
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                channel.close();
            }
        }, context.options().limits().closeTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Over the outbound bound (Netty's high water mark, {@code --max_outbound_bytes}): the peer does
     * not read what we write. Cut the connection now rather than hold more for it; a Close frame
     * would only queue behind the rest. The realm learns it from {@link #channelInactive}.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!channel.isWritable() && channel.isActive()) {
            context.listener().closed(RealmListener.Closure.OUTBOUND_OVERFLOW, source);
            closeSent = true;
            ctx.close();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The read deadline ({@code alive_timeout} without a single frame) passed. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!closeSent) {
                context.listener().closed(RealmListener.Closure.READ_TIMEOUT, source);
                closeLocally(io.meshkit.signaling.core.Outbox.CloseKind.PLAIN);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Out of (direct) memory anywhere below in the pipeline ends the process (docs/OPERATIONS.md).
        OutOfMemoryExit.PROCESS.check(cause);
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the frame limit (the aggregator's check).
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            // Too big (1009), invalid UTF-8 (1007) or a protocol error (1002): the decoder discards
            // the rest of the input from now on.
            closeWith(ctx, corrupt.closeStatus() == null ? WebSocketCloseStatus.PROTOCOL_ERROR : corrupt.closeStatus());
        } else {
            LOG.atDebug().addKeyValue("error", cause.getClass().getSimpleName()).log("websocket error");
            ctx.close();
        }
    }

    /** A guard in front of this handler gives up on the socket: count it, then close as for a protocol violation. */
    void closeFor(WebSocketCloseStatus status, RealmListener.Closure reason) {
        context.listener().closed(reason, source);
        closeWith(channel.pipeline().context(this), status);
    }

    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        if (closeSent) {
            ctx.close();
            return;
        }
        closeSent = true;
        // Closing at once would make the kernel answer the peer's unread bytes with RST, and the
        // peer would lose our Close (it would see 1006). Stop reading instead, send the Close, and
        // cut the connection a moment later (or when the peer closes it first).
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(new CloseWebSocketFrame(status));
        ctx.executor().schedule(() -> {
            ctx.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** How long a connection closed for a protocol violation lingers so the peer can read our Close. */
    static final long LINGER_MILLIS = 500;
}
