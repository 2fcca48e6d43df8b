package io.meshkit.signaling.netty;

import java.net.InetSocketAddress;

/**
 * How the server is operated, beyond the reference's options: metrics, the ops port and the drain phase.
 *
 * @param metrics          also serve {@code GET /metrics} on the main (public) port ({@code --metrics true};
 *                         default off: metrics belong on the ops port, which the internet does not reach)
 * @param drainDelayMillis on shutdown, how long {@code /ready} answers 503 while the server still accepts, so
 *                         load balancers stop sending new clients before the sockets are told to go
 *                         ({@code --drain_delay}, default 0: set it to the balancer's health-check interval
 *                         times its failure threshold)
 * @param opsAddress       where the ops HTTP server serves {@code /health}, {@code /ready} and {@code /metrics}
 *                         ({@code --ops-port}, {@code --ops-host}); {@code null} when off (the default)
 */
public record Operations(boolean metrics, long drainDelayMillis, InetSocketAddress opsAddress) {
    public Operations {
        if (drainDelayMillis < 0) {
            throw new IllegalArgumentException("drainDelayMillis < 0");
        }
    }

    /** No ops port, no metrics on the main port, no drain delay: the command line's defaults. */
    public static Operations defaults() {
        return new Operations(false, 0, null);
    }

    /** Whether the server counts at all: some endpoint serves the meters. */
    public boolean counting() {
        return metrics || opsAddress != null;
    }
}
