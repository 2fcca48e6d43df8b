package io.meshkit.stun;

import io.meshkit.ops.guard.ConnectionGate;
import io.meshkit.ops.guard.ConnectionLimiter;
import io.meshkit.ops.guard.MessageDeadline;
import io.meshkit.ops.guard.Rejections;
import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.RateLimiter;
import io.meshkit.stun.core.ResponderConfig;
import io.meshkit.stun.core.Rfc5780Addresses;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.ice4j.Ice4jEncoder;
import io.meshkit.stun.netty.TcpStunFramer;
import io.meshkit.stun.netty.TcpStunHandler;
import io.meshkit.stun.netty.UdpStunHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STUN server: Netty datagram and stream channels (epoll when available) around the sans-IO
 * {@link StunResponder}, with ice4j encoding responses. Start with {@link #start}, stop with
 * {@link #close}. Used by the CLI, tests and benchmarks.
 */
public final class StunServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StunServer.class);
    /** Every channel's allocator: Netty's default, ending the process when direct memory runs out (docs/OPERATIONS.md). */
    private static final ByteBufAllocator ALLOCATOR = OutOfMemoryExit.PROCESS.guard(ByteBufAllocator.DEFAULT);
    /** Datagram receive buffer: larger than any accepted message, so oversize ones are seen as such. */
    private static final int UDP_RECEIVE_BUFFER = 64 * 1024;
    /** One datagram's slot in a recvmmsg batch: one byte more than the longest request we answer. */
    private static final int UDP_SEGMENT = io.meshkit.stun.core.RequestParser.MAX_MESSAGE_LENGTH + 1;

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final List<InetSocketAddress> udpAddresses;
    private final List<InetSocketAddress> tcpAddresses;
    private final ServerStats stats;
    private final StunResponder responder;

    private StunServer(EventLoopGroup group, List<Channel> channels, List<InetSocketAddress> udp,
                       List<InetSocketAddress> tcp, ServerStats stats, StunResponder responder) {
        this.group = group;
        this.channels = channels;
        this.udpAddresses = List.copyOf(udp);
        this.tcpAddresses = List.copyOf(tcp);
        this.stats = stats;
        this.responder = responder;
    }

    /** Binds every socket of {@code config} or fails with an operator-readable message (nothing left bound). */
    public static StunServer start(StunServerConfig config) throws StartupException {
        checkRfc5780(config);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        List<Channel> channels = new ArrayList<>();
        ServerStats stats = new ServerStats();
        long origin = System.nanoTime();
        LongSupplier clock = () -> (System.nanoTime() - origin) / 1_000_000L;
        try {
            Map<Channel, Endpoint> arrival = new ConcurrentHashMap<>();
            Map<Endpoint, Channel> senders = new ConcurrentHashMap<>();
            // The responder needs the RFC 5780 ports, known only after binding (ephemeral in tests).
            ResponderHolder holder = new ResponderHolder();
            UdpBinder udp = new UdpBinder(group, epoll, config, channels, arrival, senders,
                    new UdpStunHandlerLazy(holder, stats, clock, arrival, senders));
            List<InetSocketAddress> udpBound = new ArrayList<>();
            Optional<Rfc5780Addresses> rfc5780 = Optional.empty();
            if (config.altHost().isPresent()) {
                InetAddress a1 = config.hosts().get(0);
                InetAddress a2 = config.altHost().get();
                int p1 = udp.bind(new InetSocketAddress(a1, config.port()), Endpoint.PRIMARY);
                int p2 = udp.bind(new InetSocketAddress(a1, config.altPort().get()), new Endpoint(false, true));
                udp.bind(new InetSocketAddress(a2, p1), new Endpoint(true, false));
                udp.bind(new InetSocketAddress(a2, p2), new Endpoint(true, true));
                rfc5780 = Optional.of(new Rfc5780Addresses(a1, p1, a2, p2));
                udpBound.add(new InetSocketAddress(a1, p1));
                udpBound.add(new InetSocketAddress(a1, p2));
                udpBound.add(new InetSocketAddress(a2, p1));
                udpBound.add(new InetSocketAddress(a2, p2));
            } else {
                for (InetAddress host : config.hosts()) {
                    int p = udp.bind(new InetSocketAddress(host, config.port()), null);
                    udpBound.add(new InetSocketAddress(host, p));
                }
            }
            StunResponder responder = new StunResponder(
                    new ResponderConfig(config.software(), config.mappedAddress(), config.rfc3489(), rfc5780),
                    new Ice4jEncoder(),
                    config.rateLimitPerSecond() > 0
                            ? Optional.of(new RateLimiter(config.rateLimitSlots(), config.rateLimitPerSecond(),
                                    config.rateLimitBurst(), new SecureRandom().nextLong()))
                            : Optional.empty());
            holder.responder = responder;
            List<InetSocketAddress> tcpBound = new ArrayList<>();
            if (config.tcpPort() >= 0) {
                // One gate for every TCP listener: the caps are per server, not per address.
                ConnectionGate gate = new ConnectionGate(new ConnectionLimiter(config.tcpLimits().maxConnections(),
                        config.tcpLimits().maxPerSource()), stats.tcpRejections());
                List<InetAddress> tcpHosts = config.altHost().isPresent() ? List.of(config.hosts().get(0)) : config.hosts();
                for (InetAddress host : tcpHosts) {
                    Channel ch = bindTcp(group, epoll, new InetSocketAddress(host, config.tcpPort()), responder, stats,
                            clock, gate, config);
                    channels.add(ch);
                    tcpBound.add(new InetSocketAddress(host, ((InetSocketAddress) ch.localAddress()).getPort()));
                }
            }
            StunServer server = new StunServer(group, channels, udpBound, tcpBound, stats, responder);
            group.next().scheduleAtFixedRate(new DropSummary(stats), 1, 1, TimeUnit.MINUTES);
            LOG.info("STUN listening: UDP {} TCP {} ({}; rate limit {}; RFC 5780 {})", udpBound, tcpBound,
                    epoll ? "epoll" : "nio",
                    config.rateLimitPerSecond() > 0 ? config.rateLimitPerSecond() + "/s burst " + config.rateLimitBurst() : "off",
                    rfc5780.isPresent() ? "on" : "off");
            return server;
        } catch (StartupException e) {
            closeAll(group, channels);
            throw e;
        } catch (RuntimeException e) {
            closeAll(group, channels);
            throw new StartupException("cannot start: " + e.getMessage(), e);
        }
    }

    private static void checkRfc5780(StunServerConfig config) throws StartupException {
        if (config.altHost().isEmpty()) {
            return;
        }
        InetAddress a1 = config.hosts().get(0);
        InetAddress a2 = config.altHost().get();
        if (config.hosts().size() != 1) {
            throw new StartupException("RFC 5780 (--alt-host/--alt-port) works with exactly one --host");
        }
        if (a1.isAnyLocalAddress() || a2.isAnyLocalAddress()) {
            throw new StartupException("RFC 5780 needs specific addresses for --host and --alt-host, not a wildcard"
                    + " (0.0.0.0 or ::): they are sent to clients in OTHER-ADDRESS and RESPONSE-ORIGIN");
        }
        if (a1.equals(a2)) {
            throw new StartupException("RFC 5780 needs a second IP address: --alt-host must differ from --host ("
                    + a1.getHostAddress() + ")");
        }
        if (a1.getClass() != a2.getClass()) {
            throw new StartupException("RFC 5780 needs --host and --alt-host of the same family (both IPv4 or both IPv6)");
        }
        int p2 = config.altPort().get();
        if (p2 != 0 && p2 == config.port()) {
            throw new StartupException("RFC 5780 needs a second port: --alt-port must differ from --port ("
                    + config.port() + ")");
        }
    }

    private static Channel bindTcp(EventLoopGroup group, boolean epoll, InetSocketAddress at, StunResponder responder,
                                   ServerStats stats, LongSupplier clock, ConnectionGate gate, StunServerConfig config)
            throws StartupException {
        StunServerConfig.TcpLimits limits = config.tcpLimits();
        Rejections rejections = stats.tcpRejections();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 32 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!gate.admit(ch)) {
                            stats.tcpRefused();
                            return;
                        }
                        stats.tcpOpened();
                        ch.closeFuture().addListener(f -> stats.tcpClosed());
                        ch.pipeline().addLast(
                                new IdleStateHandler(limits.idleSeconds(), 0, 0, TimeUnit.SECONDS),
                                new TcpStunFramer(() -> stats.dropped(io.meshkit.stun.core.DropReason.NOT_STUN),
                                        new MessageDeadline(limits.messageSeconds() * 1000L, rejections), rejections),
                                new TcpStunHandler(responder, stats, clock, rejections));
                    }
                });
        try {
            return b.bind(at).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new StartupException("cannot listen on TCP " + describe(at) + ": " + e.getMessage(), e);
        }
    }

    static String describe(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void closeAll(EventLoopGroup group, List<Channel> channels) {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Bound UDP addresses (four with RFC 5780: primary, primary IP + alt port, alt IP + primary port, alt/alt). */
    public List<InetSocketAddress> udpAddresses() {
        return udpAddresses;
    }

    /** Bound TCP addresses (empty when TCP is off). */
    public List<InetSocketAddress> tcpAddresses() {
        return tcpAddresses;
    }

    /** The first UDP port bound. */
    public int udpPort() {
        return udpAddresses.get(0).getPort();
    }

    /** The first TCP port bound, or -1. */
    public int tcpPort() {
        return tcpAddresses.isEmpty() ? -1 : tcpAddresses.get(0).getPort();
    }

    public ServerStats stats() {
        return stats;
    }

    public StunResponder responder() {
        return responder;
    }

    /** Closes every socket and stops the threads. */
    @Override
    public void close() {
        closeAll(group, channels);
        LOG.info("STUN stopped: {}", stats);
    }

    /** Set once the responder exists; datagrams cannot arrive before {@code start} returns anyway. */
    private static final class ResponderHolder {
        volatile StunResponder responder;
    }

    /** Delegates to a {@link UdpStunHandler} built once the responder exists. */
    private static final class UdpStunHandlerLazy extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final ResponderHolder holder;
        private final ServerStats stats;
        private final LongSupplier clock;
        private final Map<Channel, Endpoint> arrival;
        private final Map<Endpoint, Channel> senders;
        private volatile UdpStunHandler delegate;

        UdpStunHandlerLazy(ResponderHolder holder, ServerStats stats, LongSupplier clock,
                           Map<Channel, Endpoint> arrival, Map<Endpoint, Channel> senders) {
            this.holder = holder;
            this.stats = stats;
            this.clock = clock;
            this.arrival = arrival;
            this.senders = senders;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) throws Exception {
            UdpStunHandler d = delegate;
            if (d == null) {
                StunResponder r = holder.responder;
                if (r == null) {
                    io.netty.util.ReferenceCountUtil.release(msg);
                    return;
                }
                d = new UdpStunHandler(r, stats, clock, arrival, senders);
                delegate = d;
            }
            d.channelRead(ctx, msg);
        }

        @Override
        public void channelReadComplete(io.netty.channel.ChannelHandlerContext ctx) {
            // Replies are written per datagram and flushed once per read batch (sendmmsg with epoll).
            ctx.flush();
        }

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            OutOfMemoryExit.PROCESS.check(cause);
            stats.error();
        }
    }

    /** Binds UDP channels (several per address with SO_REUSEPORT when epoll and more than one thread). */
    private static final class UdpBinder {
        private final EventLoopGroup group;
        private final boolean epoll;
        private final int perAddress;
        private final List<Channel> channels;
        private final Map<Channel, Endpoint> arrival;
        private final Map<Endpoint, Channel> senders;
        private final io.netty.channel.ChannelHandler handler;

        private final int receiveBuffer;
        private final int sendBuffer;

        UdpBinder(EventLoopGroup group, boolean epoll, StunServerConfig config, List<Channel> channels,
                  Map<Channel, Endpoint> arrival, Map<Endpoint, Channel> senders, io.netty.channel.ChannelHandler handler) {
            this.group = group;
            this.epoll = epoll;
            this.perAddress = epoll ? config.ioThreads() : 1;
            this.receiveBuffer = config.udpReceiveBufferBytes();
            this.sendBuffer = config.udpSendBufferBytes();
            this.channels = channels;
            this.arrival = arrival;
            this.senders = senders;
            this.handler = handler;
        }

        /** Binds {@code at}; {@code endpoint} is null without RFC 5780. Returns the bound port. */
        int bind(InetSocketAddress at, Endpoint endpoint) throws StartupException {
            int port = at.getPort();
            for (int i = 0; i < perAddress; i++) {
                Bootstrap b = new Bootstrap()
                        .group(group)
                        .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_RECEIVE_BUFFER))
                        .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                        .handler(handler);
                if (receiveBuffer > 0) {
                    b.option(ChannelOption.SO_RCVBUF, receiveBuffer);
                }
                if (sendBuffer > 0) {
                    b.option(ChannelOption.SO_SNDBUF, sendBuffer);
                }
                if (epoll) {
                    // recvmmsg: one syscall reads up to UDP_RECEIVE_BUFFER / UDP_SEGMENT datagrams. A
                    // datagram longer than a segment arrives cut to UDP_SEGMENT bytes, which is still
                    // over MAX_MESSAGE_LENGTH and dropped as too long, as before.
                    b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_SEGMENT);
                }
                if (epoll && perAddress > 1) {
                    b.option(EpollChannelOption.SO_REUSEPORT, true);
                }
                InetSocketAddress target = new InetSocketAddress(at.getAddress(), port);
                Channel ch;
                try {
                    ch = b.bind(target).syncUninterruptibly().channel();
                } catch (Exception e) {
                    throw new StartupException("cannot listen on UDP " + describe(target) + ": " + e.getMessage(), e);
                }
                channels.add(ch);
                if (i == 0 && receiveBuffer > 0) {
                    // The kernel caps SO_RCVBUF at net.core.rmem_max (and reports twice what it grants).
                    LOG.info("UDP {}: receive buffer {} bytes requested, {} granted (net.core.rmem_max caps it)",
                            describe(target), receiveBuffer,
                            ch.config().getOption(ChannelOption.SO_RCVBUF));
                }
                port = ((InetSocketAddress) ch.localAddress()).getPort();
                if (endpoint != null) {
                    arrival.put(ch, endpoint);
                    senders.putIfAbsent(endpoint, ch);
                }
            }
            return port;
        }
    }

}
