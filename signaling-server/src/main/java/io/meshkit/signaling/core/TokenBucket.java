package io.meshkit.signaling.core;

/**
 * A per-connection message rate limit: {@code ratePerSecond} messages per second on average, bursts
 * up to {@code burst}. Time is an argument; not thread-safe (one per connection, used on its thread).
 */
public final class TokenBucket {
    private final double ratePerMilli;
    private final double burst;
    private double tokens;
    private long last;

    /** {@code ratePerSecond <= 0} disables the limit. */
    public TokenBucket(double ratePerSecond, double burst, long now) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = now;
    }

    /** Takes one token if there is one. */
    public boolean tryTake(long now) {
        if (ratePerMilli <= 0) {
            return true;
        }
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * ratePerMilli);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket has refilled to its burst by {@code now} (then it is as good as a new one). */
    public boolean isFull(long now) {
        return ratePerMilli <= 0 || tokens + Math.max(0, now - last) * ratePerMilli >= burst;
    }

    /** Whether a token is there to take at {@code now}, without taking it. */
    public boolean hasToken(long now) {
        return ratePerMilli <= 0 || tokens + Math.max(0, now - last) * ratePerMilli >= 1;
    }
}
