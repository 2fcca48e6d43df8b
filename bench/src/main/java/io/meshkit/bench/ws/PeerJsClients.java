package io.meshkit.bench.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A PeerJS-protocol WebSocket client for load generation: one Netty event loop group drives many
 * connections to {@code ws://host:port/peerjs?key=…&id=…&token=…} (the URL the PeerJS browser client
 * opens against peerjs-server's default path {@code /}). The same client drives our server and the
 * reference, so both see identical frames (masked, unfragmented, no compression extension).
 */
public final class PeerJsClients implements AutoCloseable {
    /** Largest text frame accepted from the server; relayed offers in the bench are far smaller. */
    private static final int MAX_FRAME_BYTES = 64 * 1024;

    /** What a load generator does with one connection's events; called on its event loop thread. */
    public interface Listener {
        /** The server sent {@code {"type":"OPEN"}}: the ID is registered. */
        void onOpen(Channel channel);

        /** Any other text message from the server (UTF-8 JSON). */
        void onMessage(Channel channel, String text);

        /**
         * Any message after {@code OPEN}, undecoded (released by the caller after this returns); by
         * default decoded to a string for {@link #onMessage}. A hot generator reads the bytes itself.
         */
        default void onFrame(Channel channel, ByteBuf utf8) {
            onMessage(channel, utf8.toString(StandardCharsets.UTF_8));
        }

        /** The connection closed (or failed before it opened; then {@code cause} is set). */
        void onClosed(Channel channel, Throwable cause);
    }

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final InetSocketAddress server;
    private final String key;

    /** {@code threads} event loop threads (1 when the generator is pinned to one core). */
    public PeerJsClients(int threads, InetSocketAddress server, String key) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        this.server = server;
        this.key = key;
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * Opens one client with {@code id}/{@code token}, from {@code localAddress} (null: any) so that
     * many loopback source addresses can exceed one address's ephemeral port range.
     */
    public ChannelFuture connect(String id, String token, InetAddress localAddress, Listener listener) {
        return connect(null, id, token, localAddress, listener);
    }

    /** As above, to {@code target} instead of the default server when not null. */
    public ChannelFuture connect(InetSocketAddress target, String id, String token, InetAddress localAddress,
                                 Listener listener) {
        InetSocketAddress server = target == null ? this.server : target;
        URI uri = URI.create("ws://" + server.getHostString() + ":" + server.getPort()
                + "/peerjs?key=" + key + "&id=" + id + "&token=" + token + "&version=1.5.5");
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handshakeTimeoutMillis(60_000)
                .dropPongFrames(true)
                .build();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(MAX_FRAME_BYTES),
                                new WebSocketClientProtocolHandler(config),
                                new Handler(listener));
                    }
                });
        ChannelFuture f = localAddress == null
                ? b.connect(server)
                : b.connect(server, new InetSocketAddress(localAddress, 0));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                listener.onClosed(f.channel(), done.cause());
            }
        });
        return f;
    }

    /** Sends one text message already encoded as UTF-8 in {@code buf} (ownership passes). */
    public static void send(Channel ch, ByteBuf buf) {
        ch.writeAndFlush(new TextWebSocketFrame(buf), ch.voidPromise());
    }

    /** Sends one text message (a JSON string) without waiting. */
    public static void send(Channel ch, String json) {
        ByteBuf buf = ByteBufUtil.writeUtf8(ch.alloc(), json);
        ch.writeAndFlush(new TextWebSocketFrame(buf), ch.voidPromise());
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Listener listener;
        private boolean opened;
        private boolean closedReported;

        Handler(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame text)) {
                return;
            }
            if (opened) {
                listener.onFrame(ctx.channel(), text.content());
                return;
            }
            String s = text.content().toString(StandardCharsets.UTF_8);
            if (s.contains("\"OPEN\"")) {
                opened = true;
                listener.onOpen(ctx.channel());
            } else {
                listener.onMessage(ctx.channel(), s);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            report(ctx, null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            report(ctx, cause);
            ctx.close();
        }

        private void report(ChannelHandlerContext ctx, Throwable cause) {
            if (!closedReported) {
                closedReported = true;
                listener.onClosed(ctx.channel(), cause);
            }
        }
    }
}
