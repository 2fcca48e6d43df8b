package io.meshkit.signaling.netty;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.meshkit.ops.netty.MetricsRefresh;
import io.meshkit.ops.netty.OpsHttpServer;
import io.meshkit.ops.guard.HttpGuards;
import io.meshkit.ops.guard.HttpLimits;
import io.meshkit.ops.guard.Rejections;
import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.signaling.beacon.BeaconService;
import io.meshkit.signaling.cluster.ClusterOptions;
import io.meshkit.signaling.core.Outbox;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.metrics.BothListeners;
import io.meshkit.signaling.metrics.SignalingMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PeerJS signaling server: one Netty event loop owns the listening socket, every connection
 * and the realm. On a small machine one loop without cross-thread hand-offs relays fastest (no
 * locks, no queues between threads, writes batched per read); scale-out goes through more
 * processes and, later, the cluster {@link io.meshkit.signaling.core.Directory}.
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
    /** How often the realm's timers are advanced. */
    static final long TICK_MILLIS = 20;
    /** Every channel's allocator: Netty's default, ending the process when direct memory runs out. */
    private static final ByteBufAllocator ALLOCATOR = OutOfMemoryExit.PROCESS.guard(ByteBufAllocator.DEFAULT);
    /** Idle HTTP connections (before any WebSocket upgrade) are closed after this long, like Node's keep-alive timeout. */
    static final int HTTP_IDLE_SECONDS = 5;
    /**
     * A request (the WebSocket upgrade included) must arrive whole within this long of its first
     * byte: the idle timer alone is reset by every byte, so a client dripping one byte every few
     * seconds would hold its socket for ever.
     */
    static final long HTTP_REQUEST_TIMEOUT_MILLIS = HttpLimits.DEFAULT_REQUEST_TIMEOUT_MILLIS;

    private final ServerOptions options;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final SignalingContext context;
    private final ChannelGroup connections;
    private final Operations operations;
    private final PrometheusEndpoint prometheus;
    private final OpsHttpServer ops;
    private volatile boolean closed;

    private SignalingServer(ServerOptions options, EventLoopGroup group, Channel serverChannel,
                            SignalingContext context, ChannelGroup connections, Operations operations,
                            PrometheusEndpoint prometheus, OpsHttpServer ops) {
        this.operations = operations;
        this.prometheus = prometheus;
        this.ops = ops;
        this.options = options;
        this.group = group;
        this.serverChannel = serverChannel;
        this.context = context;
        this.connections = connections;
    }

    /** Binds and starts serving. */
    public static SignalingServer start(ServerOptions options) throws InterruptedException {
        return start(options, new LoggingRealmListener());
    }

    /** Binds and starts serving, reporting realm events to {@code listener} (on the event loop). */
    public static SignalingServer start(ServerOptions options, RealmListener listener) throws InterruptedException {
        return start(options, listener, new Readiness(), Operations.defaults());
    }

    /**
     * Binds and starts serving. {@code readiness} backs {@code GET /ready}: other components (cluster
     * mode) may set their conditions on it before or after the start; shutdown sets
     * {@link Readiness#DRAINING}. With {@code operations.counting()}, realm events also feed the
     * Prometheus meters behind {@code GET /metrics} (on the ops port, and on the main port with
     * {@code operations.metrics()}).
     */
    public static SignalingServer start(ServerOptions options, RealmListener listener, Readiness readiness,
                                        Operations operations) throws InterruptedException {
        return start(options, listener, readiness, operations, null);
    }

    /**
     * As {@link #start(ServerOptions, RealmListener, Readiness, Operations)}; with {@code cluster}
     * non-null, in cluster mode over Redis (docs/CLUSTER.md): {@link ClusterOptions#READINESS_CONDITION}
     * fails while Redis is unusable.
     */
    public static SignalingServer start(ServerOptions options, RealmListener listener, Readiness readiness,
                                        Operations operations, ClusterOptions cluster) throws InterruptedException {
        return start(options, listener, readiness, operations, cluster, null);
    }

    /**
     * As {@link #start(ServerOptions, RealmListener, Readiness, Operations, ClusterOptions)}, with {@code files}
     * (a {@link ChannelHandler.Sharable} handler of {@code FullHttpRequest}s, or {@code null}) placed just before
     * the PeerJS routes: it answers the requests it serves (the browser app) and passes the rest on.
     */
    public static SignalingServer start(ServerOptions options, RealmListener listener, Readiness readiness,
                                        Operations operations, ClusterOptions cluster, ChannelHandler files)
            throws InterruptedException {
        return start(options, listener, readiness, operations, cluster, files, null);
    }

    /**
     * As {@link #start(ServerOptions, RealmListener, Readiness, Operations, ClusterOptions, ChannelHandler)}; with
     * {@code beacon} non-null the server issues the beacon ({@code X-Mesh-Beacon}, {@code /beacon},
     * {@code /beacon/key}) and, with {@code --require-beacon}, checks every new connection's ID
     * (docs/PROTOCOL.md §13.3).
     */
    public static SignalingServer start(ServerOptions options, RealmListener listener, Readiness readiness,
                                        Operations operations, ClusterOptions cluster, ChannelHandler files,
                                        BeaconService beacon)
            throws InterruptedException {
        Loops loops = Loops.start(operations, cluster != null);
        EventLoopGroup group = loops.group();
        io.netty.channel.EventLoop realmLoop = loops.realm();
        PrometheusEndpoint prometheus = operations.counting() ? PrometheusEndpoint.create() : null;
        OpsHttpServer ops = null;
        try {
            SslContext ssl = sslContext(options);
            long origin = System.nanoTime();
            LongSupplier clock = () -> (System.nanoTime() - origin) / 1_000_000L;
            // The realm is built on its loop (the first), the one thread that owns it.
            SignalingMetrics metrics = prometheus == null ? null : new SignalingMetrics(prometheus.registry());
            if (prometheus != null) {
                readiness.bindTo(prometheus.registry(), "meshkit.signaling.ready");
            }
            RealmListener all = metrics == null ? listener : new BothListeners(listener, metrics);
            SignalingContext context = realmLoop
                    .submit(() -> new SignalingContext(options, clock, all, readiness, metrics,
                            operations.metrics() ? prometheus : null,
                            ClusterSetup.directory(cluster, options, realmLoop,
                                    (ok, why) -> readiness.set(ClusterOptions.READINESS_CONDITION, ok, why),
                                    metrics), beacon)).get();
            context.bindLoops(loops.all());
            ChannelGroup connections = new DefaultChannelGroup(realmLoop);
            ServerOptions.Limits limits = options.limits();
            // Before a WebSocket upgrade a connection is plain HTTP: one request in flight, each
            // request whole within its deadline, answers bounded like any outbound data.
            Rejections httpRejections = new Rejections("signaling HTTP");
            if (prometheus != null) {
                httpRejections.bind(prometheus.registry(), "meshkit.signaling.http.rejected",
                        "HTTP connections (before a WebSocket upgrade) the server closed, by reason");
            }
            HttpGuards http = new HttpGuards(new HttpLimits(HTTP_REQUEST_TIMEOUT_MILLIS, HTTP_IDLE_SECONDS,
                    HttpLimits.DEFAULT_MAX_PIPELINED, limits.maxOutboundBytes()), httpRejections);
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(loops.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    // Direct memory exhausted: the process ends, as out of heap (docs/OPERATIONS.md).
                    .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                    .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(limits.maxOutboundBytes() / 2, limits.maxOutboundBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!context.sources().admit(ch)) {
                                // Over --max_connections_per_ip: nothing is read from it (counted, logged).
                                ch.close();
                                return;
                            }
                            connections.add(ch);
                            ChannelPipeline p = ch.pipeline();
                            if (ssl != null) {
                                p.addLast("tls", ssl.newHandler(ch.alloc()));
                            }
                            p.addLast("http-decoder", http.decoder());
                            p.addLast("http-encoder", new NodeStyleResponseEncoder());
                            p.addLast("http-aggregator", new HttpObjectAggregator(limits.maxHttpRequestBytes()));
                            // Node closes idle keep-alive connections after 5 s; a socket that never
                            // upgrades must not stay forever either. Removed on upgrade, with the guard.
                            p.addLast("http-idle", http.idle());
                            p.addLast("http-guard", http.exchangeGuard());
                            if (files != null) {
                                p.addLast("files", files);
                            }
                            p.addLast("http-handler", new HttpHandler(context));
                        }
                    });
            InetSocketAddress bind = options.host() == null
                    ? new InetSocketAddress(options.port())
                    : new InetSocketAddress(options.host(), options.port());
            Channel server = b.bind(bind).sync().channel();
            long tickNanos = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
            long[] due = {System.nanoTime() + tickNanos};
            realmLoop.scheduleAtFixedRate(() -> {
                try {
                    if (metrics != null) {
                        // How late the loop got to its timer: what any queued relay waited too.
                        long now = System.nanoTime();
                        metrics.tickLate(now - due[0]);
                        due[0] = Math.max(due[0] + tickNanos, now);
                    }
                    context.realm().tick(context.now());
                    context.outbox().flush();
                } catch (RuntimeException | Error e) {
                    // A periodic task that throws is never run again: without the tick no queue
                    // expires and no silent client is dropped. Out of memory ends the process.
                    OutOfMemoryExit.PROCESS.check(e);
                    LOG.atError().setCause(e).log("realm tick failed");
                }
            }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            if (operations.opsAddress() != null) {
                // The realm is sampled on its own loop; the ops server renders the text on its thread.
                MetricsRefresh refresh = () -> CompletableFuture.runAsync(context::sampleMetrics, realmLoop);
                ops = OpsHttpServer.start(operations.opsAddress(), "--ops-port", readiness, prometheus, refresh);
            }
            ClusterSetup.start(context);
            SignalingServer s = new SignalingServer(options, group, server, context, connections, operations,
                    prometheus, ops);
            InetSocketAddress local = (InetSocketAddress) server.localAddress();
            LOG.atInfo().addKeyValue("host", local.getAddress().getHostAddress()).addKeyValue("port", local.getPort())
                    .addKeyValue("path", options.path())
                    .addKeyValue("transport", loops.transport().name().toLowerCase(java.util.Locale.ROOT))
                    .addKeyValue("loops", loops.all().size())
                    .addKeyValue("tls", ssl != null)
                    .log("Started PeerServer on {}, port: {}, path: {}",
                            options.host() == null ? "::" : options.host(), local.getPort(), options.path());
            if (ops != null) {
                LOG.atInfo().addKeyValue("host", ops.address().getAddress().getHostAddress())
                        .addKeyValue("port", ops.port())
                        .log("ops port: /health, /ready, /metrics on {}:{}", ops.address().getAddress().getHostAddress(),
                                ops.port());
            }
            return s;
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            closeQuietly(prometheus);
            throw e;
        } catch (Exception e) {
            // Also what bind() rethrows unchecked-style: a checked IOException ("Address already in
            // use"). Shutting the loop down matters: its thread is not a daemon, so a process that
            // failed to bind would otherwise stay up and a supervisor would never see the failure.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            closeQuietly(prometheus);
            throw new IllegalStateException("cannot start the signaling server: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(PrometheusEndpoint prometheus) {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** TLS 1.3, and TLS 1.2 with ECDHE key exchange and AEAD ciphers only: every session has forward secrecy. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * In order of preference: TLS 1.3's suites, then TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305
     * (Mozilla's "intermediate" list). No RSA key exchange (no forward secrecy), no CBC, no SHA-1 MACs.
     */
    static final List<String> TLS_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static SslContext sslContext(ServerOptions options) throws SSLException {
        if (options.sslKey() == null) {
            return null;
        }
        // Suites this JDK lacks (ChaCha20 before JDK 12) are skipped by the filter rather than failing the start.
        return SslContextBuilder.forServer(options.sslCert().toFile(), options.sslKey().toFile())
                .protocols(TLS_PROTOCOLS)
                .ciphers(TLS_CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The bound ops port ({@code --ops-port}), or -1 when there is none. */
    public int opsPort() {
        return ops == null ? -1 : ops.port();
    }

    public ServerOptions options() {
        return options;
    }

    /** What {@code GET /ready} reports; set conditions on it from any thread. */
    public Readiness readiness() {
        return context.readiness();
    }

    /**
     * Graceful shutdown: {@code /ready} answers 503 at once; after {@code drainDelayMillis} (still
     * accepting, so load balancers see the 503 and move new clients elsewhere) stop accepting, send
     * every WebSocket Close 1012 (Service Restart: "come back"), give clients
     * {@code shutdownGraceMillis} to answer, then cut what is left.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.readiness().notReady(Readiness.DRAINING, "shutting down");
        if (operations.drainDelayMillis() > 0) {
            LOG.atInfo().addKeyValue("drainDelayMillis", operations.drainDelayMillis()).log("draining: /ready answers 503");
            try {
                Thread.sleep(operations.drainDelayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        serverChannel.close().awaitUninterruptibly();
        CompletableFuture<Integer> told = new CompletableFuture<>();
        context.realmLoop().execute(() -> {
            List<WebSocketConnection> open = new ArrayList<>();
            for (Channel ch : connections) {
                WebSocketConnection c = ch.pipeline().get(WebSocketConnection.class);
                if (c != null) {
                    open.add(c);
                } else {
                    ch.close();
                }
            }
            for (WebSocketConnection c : open) {
                context.outbox().close(c, Outbox.CloseKind.RESTART);
            }
            context.outbox().flush();
            told.complete(open.size());
        });
        try {
            int n = told.get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.limits().shutdownGraceMillis());
            while (!connections.isEmpty() && System.nanoTime() < deadline) {
                connections.newCloseFuture().await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            }
            LOG.atInfo().addKeyValue("told", n).addKeyValue("left", connections.size()).log("shutting down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("shutdown notice incomplete");
        }
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (context.cluster() != null) {
            // Gives back the IDs still held (a killed node's leases run out instead).
            context.cluster().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        // Last: probes keep getting /health (and /ready's 503) through the whole drain.
        if (ops != null) {
            ops.close();
        }
        closeQuietly(prometheus);
    }
}
