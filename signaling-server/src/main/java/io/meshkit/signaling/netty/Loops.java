package io.meshkit.signaling.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's event loops on one transport. The first loop is the realm's (see
 * {@link SignalingContext}): it owns the realm and also serves sockets like the others.
 */
record Loops(EventLoopGroup group, Class<? extends ServerChannel> serverChannel, Operations.Transport transport,
             List<EventLoop> all) {

    static Loops start(Operations operations, boolean cluster) {
        Operations.Transport t = resolve(operations.transport());
        IoHandlerFactory io = switch (t) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        Class<? extends ServerChannel> channel = switch (t) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
        // Cluster mode runs one loop: its directory and Redis callbacks assume the realm's thread
        // serves every socket (scale a cluster with more nodes).
        int n = cluster ? 1 : operations.loops();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(n, io);
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        return new Loops(group, channel, t, List.copyOf(loops));
    }

    /** The realm's loop. */
    EventLoop realm() {
        return all.get(0);
    }

    private static Operations.Transport resolve(Operations.Transport asked) {
        switch (asked) {
            case AUTO:
                return Epoll.isAvailable() ? Operations.Transport.EPOLL : Operations.Transport.NIO;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("--transport epoll: not available here", Epoll.unavailabilityCause());
                }
                return asked;
            case IO_URING:
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("--transport io_uring: not available here (kernel 5.14+ and a"
                            + " policy that allows io_uring_setup)", IoUring.unavailabilityCause());
                }
                return asked;
            default:
                return asked;
        }
    }
}
