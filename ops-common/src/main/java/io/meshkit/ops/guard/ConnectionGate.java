package io.meshkit.ops.guard;

import io.netty.channel.Channel;

/**
 * Admission of accepted connections against a {@link ConnectionLimiter}: call {@link #admit} first
 * thing in a {@code ChannelInitializer}. A refused connection is counted, logged (rate-limited) and
 * closed before any handler is added, so it costs no more than the accept; an admitted one gives
 * its slot back when it closes.
 */
public final class ConnectionGate {
    private final ConnectionLimiter limiter;
    private final Rejections rejections;

    public ConnectionGate(ConnectionLimiter limiter, Rejections rejections) {
        this.limiter = limiter;
        this.rejections = rejections;
    }

    /** True when {@code ch} may proceed; false when it was refused (and is being closed). */
    public boolean admit(Channel ch) {
        SourceKey source = SourceKey.of(ch.remoteAddress());
        ConnectionLimiter.Admission a = limiter.tryAcquire(source);
        if (a != ConnectionLimiter.Admission.ADMITTED) {
            rejections.record(a == ConnectionLimiter.Admission.TOTAL_FULL ? Rejection.CONNECTION_LIMIT
                    : Rejection.SOURCE_CONNECTION_LIMIT, ch.remoteAddress());
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> limiter.release(source));
        return true;
    }

    public ConnectionLimiter limiter() {
        return limiter;
    }
}
