package io.meshkit.signaling.netty;

/**
 * How the server is operated, beyond the reference's options: metrics and the drain phase.
 *
 * @param metrics          serve {@code GET /metrics} and count (default on; {@code --metrics false} turns it off)
 * @param drainDelayMillis on shutdown, how long {@code /ready} answers 503 while the server still accepts, so
 *                         load balancers stop sending new clients before the sockets are told to go
 *                         ({@code --drain_delay}, default 0: set it to the balancer's health-check interval
 *                         times its failure threshold)
 */
public record Operations(boolean metrics, long drainDelayMillis) {
    public Operations {
        if (drainDelayMillis < 0) {
            throw new IllegalArgumentException("drainDelayMillis < 0");
        }
    }

    /** Metrics on, no drain delay. */
    public static Operations defaults() {
        return new Operations(true, 0);
    }
}
