package io.meshkit.signaling.netty;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * How the server is operated, beyond the reference's options: metrics, the ops port, the drain phase
 * and its event loops.
 *
 * @param metrics          also serve {@code GET /metrics} on the main (public) port ({@code --metrics true};
 *                         default off: metrics belong on the ops port, which the internet does not reach)
 * @param drainDelayMillis on shutdown, how long {@code /ready} answers 503 while the server still accepts, so
 *                         load balancers stop sending new clients before the sockets are told to go
 *                         ({@code --drain_delay}, default 0: set it to the balancer's health-check interval
 *                         times its failure threshold)
 * @param opsAddress       where the ops HTTP server serves {@code /health}, {@code /ready} and {@code /metrics}
 *                         ({@code --ops-port}, {@code --ops-host}); {@code null} when off (the default)
 * @param ioThreads        event loops ({@code --io-threads}); 0 = one per core the process may run on
 *                         (its CPU affinity and container quota, as the JVM counts them)
 * @param transport        Netty's socket transport ({@code --transport}); {@link Transport#AUTO} = epoll on Linux
 */
public record Operations(boolean metrics, long drainDelayMillis, InetSocketAddress opsAddress, int ioThreads,
                         Transport transport) {
    /** The socket transports the server can run on. */
    public enum Transport {
        /** epoll where Netty's native library loads, else NIO. */
        AUTO,
        EPOLL,
        /** Linux io_uring (kernel 5.14+; refused at start where the kernel or its policy does not allow it). */
        IO_URING,
        NIO;

        /** {@code auto}, {@code epoll}, {@code io_uring}, {@code nio}. */
        public static Transport parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public Operations {
        if (drainDelayMillis < 0) {
            throw new IllegalArgumentException("drainDelayMillis < 0");
        }
        if (ioThreads < 0 || ioThreads > 1024) {
            throw new IllegalArgumentException("io threads must be 0 (one per core) to 1024");
        }
        transport = transport == null ? Transport.AUTO : transport;
    }

    /** One event loop per core, the default transport. */
    public Operations(boolean metrics, long drainDelayMillis, InetSocketAddress opsAddress) {
        this(metrics, drainDelayMillis, opsAddress, 0, Transport.AUTO);
    }

    /** No ops port, no metrics on the main port, no drain delay: the command line's defaults. */
    public static Operations defaults() {
        return new Operations(false, 0, null);
    }

    /** The same with {@code n} event loops on {@code transport}. */
    public Operations withLoops(int n, Transport t) {
        return new Operations(metrics, drainDelayMillis, opsAddress, n, t);
    }

    /** Whether the server counts at all: some endpoint serves the meters. */
    public boolean counting() {
        return metrics || opsAddress != null;
    }

    /** The number of event loops to run: {@link #ioThreads}, or one per available core. */
    public int loops() {
        return ioThreads > 0 ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
