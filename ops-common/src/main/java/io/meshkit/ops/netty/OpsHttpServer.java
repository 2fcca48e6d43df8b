package io.meshkit.ops.netty;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.meshkit.ops.guard.ConnectionGate;
import io.meshkit.ops.guard.ConnectionLimiter;
import io.meshkit.ops.guard.HttpGuards;
import io.meshkit.ops.guard.HttpLimits;
import io.meshkit.ops.guard.Rejections;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A server's operations port: {@code GET /health}, {@code /ready} and {@code /metrics}
 * ({@link OpsRoutes}) on a listener of its own, for the orchestrator's probes and Prometheus, never
 * for the internet (both servers bind it to 127.0.0.1 unless told otherwise). It runs on its own
 * thread, so a scrape never delays a relay or a STUN answer; plain HTTP/1.1, nothing else routed.
 * One client cannot make it hold more than one answer at a time, nor keep a slot with a request it
 * never finishes ({@link HttpGuards}), nor take more than its share of the connections.
 */
public final class OpsHttpServer implements AutoCloseable {
    /** Largest request accepted (headers and body): these routes take no body. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** Idle HTTP connections are closed after this long. */
    static final int IDLE_SECONDS = 30;
    /** Every channel's allocator: Netty's default, ending the process when direct memory runs out. */
    private static final ByteBufAllocator ALLOCATOR = OutOfMemoryExit.PROCESS.guard(ByteBufAllocator.DEFAULT);
    /** Connections open at once: probes and scrapers need a handful. */
    static final int MAX_CONNECTIONS = 64;
    /** Connections one source (an IP address, an IPv6 /64) may hold, so one client cannot lock the probes out. */
    static final int MAX_CONNECTIONS_PER_SOURCE = 16;
    /** Response bytes a client may leave unread before it is cut off (one answer is in flight at a time). */
    static final long MAX_UNWRITTEN_BYTES = 4L << 20;
    /**
     * What one connection may make the server hold: one request in flight (8 may wait behind it),
     * each request whole within 10 s of its first byte, 30 s idle at most.
     */
    static final HttpLimits LIMITS = new HttpLimits(HttpLimits.DEFAULT_REQUEST_TIMEOUT_MILLIS, IDLE_SECONDS,
            HttpLimits.DEFAULT_MAX_PIPELINED, MAX_UNWRITTEN_BYTES);

    private final EventLoopGroup group;
    private final Channel channel;

    private OpsHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Listens on {@code at}: {@code /ready} reports {@code readiness}, {@code /metrics} renders
     * {@code prometheus} once {@code refresh} has brought sampled gauges up to date. The caller
     * keeps owning both ({@link #close()} closes neither).
     *
     * @param flag the command-line flag that chose the port, named in the error when it cannot be bound
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static OpsHttpServer start(InetSocketAddress at, String flag, Readiness readiness,
                                      PrometheusEndpoint prometheus, MetricsRefresh refresh) throws IOException {
        Rejections rejections = new Rejections("ops HTTP");
        rejections.bind(prometheus.registry(), "meshkit.ops.http.rejected",
                "Ops HTTP connections the server refused or closed, by reason");
        HttpGuards guards = new HttpGuards(LIMITS, rejections);
        ConnectionGate gate = new ConnectionGate(new ConnectionLimiter(MAX_CONNECTIONS, MAX_CONNECTIONS_PER_SOURCE),
                rejections);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!gate.admit(ch)) {
                            return;
                        }
                        ch.pipeline().addLast(guards.decoder(), new HttpResponseEncoder(),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES), guards.idle(), guards.exchangeGuard(),
                                new OpsRoutes(readiness, prometheus, refresh));
                    }
                });
        try {
            Channel ch = b.bind(at).syncUninterruptibly().channel();
            return new OpsHttpServer(group, ch);
        } catch (Exception e) {
            // bind() rethrows the checked BindException unchecked-style.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw new IOException("cannot listen on HTTP " + at.getAddress().getHostAddress() + ":" + at.getPort()
                    + " (" + flag + "): " + e.getMessage(), e);
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The bound port. */
    public int port() {
        return address().getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
