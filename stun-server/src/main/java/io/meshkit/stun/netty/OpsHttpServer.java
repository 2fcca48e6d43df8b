package io.meshkit.stun.netty;

import io.meshkit.stun.ServerStats;
import io.meshkit.stun.StartupException;
import io.meshkit.stun.metrics.PrometheusEndpoint;
import io.meshkit.stun.metrics.StunMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The STUN server's operations port ({@code --http-port}): {@code GET /health} (liveness),
 * {@code GET /ready} (readiness: 503 once shutdown has begun) and {@code GET /metrics}
 * (Prometheus text 0.0.4). Runs on its own thread so a scrape never delays a STUN answer; plain
 * HTTP/1.1, nothing else is routed. Meant for the cluster network, not the internet.
 */
public final class OpsHttpServer implements AutoCloseable {
    /** Largest request accepted (headers and body): these routes take no body. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** Idle HTTP connections are closed after this long. */
    static final int IDLE_SECONDS = 30;

    private final EventLoopGroup group;
    private final Channel channel;
    private final PrometheusEndpoint prometheus;
    private volatile boolean draining;

    private OpsHttpServer(EventLoopGroup group, Channel channel, PrometheusEndpoint prometheus) {
        this.group = group;
        this.channel = channel;
        this.prometheus = prometheus;
    }

    /** Listens on {@code at} and exposes {@code stats} (and the JVM) on {@code /metrics}. */
    public static OpsHttpServer start(InetSocketAddress at, ServerStats stats) throws StartupException {
        PrometheusEndpoint prometheus = PrometheusEndpoint.create();
        StunMetrics.bind(stats, prometheus.registry());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        OpsHttpServer[] self = new OpsHttpServer[1];
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                                new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new Routes(self[0]));
                    }
                });
        try {
            Channel ch = b.bind(at).syncUninterruptibly().channel();
            self[0] = new OpsHttpServer(group, ch, prometheus);
            return self[0];
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            prometheus.close();
            throw new StartupException("cannot listen on HTTP " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + " (--http-port): " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** From now on {@code /ready} answers 503 (shutdown has begun); {@code /health} stays 200. */
    public void draining() {
        draining = true;
    }

    @Override
    public void close() {
        draining = true;
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        prometheus.close();
    }

    /** The three routes. */
    private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final OpsHttpServer server;

        Routes(OpsHttpServer server) {
            this.server = server;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res = route(req);
            boolean keepAlive = req.decoderResult().isSuccess() && HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse route(FullHttpRequest req) {
            if (!req.decoderResult().isSuccess()) {
                return text(req, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "Bad Request");
            }
            if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
                return text(req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                        "Method Not Allowed");
            }
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            return switch (path) {
                case "/health" -> text(req, HttpResponseStatus.OK, "text/plain; charset=utf-8", "ok");
                case "/ready" -> server.draining
                        ? text(req, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                                "not ready: draining (shutting down)")
                        : text(req, HttpResponseStatus.OK, "text/plain; charset=utf-8", "ready");
                case "/metrics" -> text(req, HttpResponseStatus.OK, PrometheusEndpoint.CONTENT_TYPE,
                        server.prometheus.scrape());
                default -> text(req, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", "Not Found");
            };
        }

        private static FullHttpResponse text(FullHttpRequest req, HttpResponseStatus status, String type, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            boolean head = req.method().equals(HttpMethod.HEAD);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            res.headers().set("Content-Type", type).set("Content-Length", bytes.length);
            return res;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
