package io.meshkit.stun.core;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Per-source token buckets in a fixed-size table, so memory never grows: a flood from spoofed
 * sources only evicts entries (an evicted source starts again with a full bucket, which errs on the
 * side of answering). Keys are the IPv4 address, or the /64 prefix of an IPv6 address (one
 * subscriber usually holds a whole /64). Two-way set associative; the victim is the entry seen least
 * recently. Time is an argument; the hash seed is injected so collisions cannot be aimed at.
 *
 * <p>Thread-safe (a single lock: the work under it is a few arithmetic operations).
 */
public final class RateLimiter {
    private final int mask;
    private final double tokensPerMilli;
    private final double burst;
    private final long seed;
    private final long[] keyHi;
    private final long[] keyLo;
    private final boolean[] used;
    private final double[] tokens;
    private final long[] lastMillis;

    /**
     * @param slots table size, rounded up to a power of two (at least 2); memory is about 40 bytes a slot
     * @param perSecond sustained requests per second allowed per source (must be &gt; 0)
     * @param burst bucket size: requests a quiet source may send at once (at least 1)
     * @param seed hash seed (from a secure random source in production)
     */
    public RateLimiter(int slots, double perSecond, double burst, long seed) {
        if (slots < 2 || slots > (1 << 26)) {
            throw new IllegalArgumentException("slots must be in 2.." + (1 << 26));
        }
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        int size = Integer.highestOneBit(slots - 1) << 1;
        this.mask = size - 1;
        this.tokensPerMilli = perSecond / 1000.0;
        this.burst = burst;
        this.seed = seed;
        this.keyHi = new long[size];
        this.keyLo = new long[size];
        this.used = new boolean[size];
        this.tokens = new double[size];
        this.lastMillis = new long[size];
    }

    /** Table size in slots. */
    public int slots() {
        return mask + 1;
    }

    /** Takes one token from {@code source}'s bucket at time {@code nowMillis}; false when empty. */
    public synchronized boolean tryAcquire(InetAddress source, long nowMillis) {
        byte[] a = source.getAddress();
        long hi;
        long lo;
        if (source instanceof Inet4Address) {
            hi = 0;
            lo = (1L << 32) | (((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL));
        } else {
            hi = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (a[i] & 0xFFL);
            }
            lo = 2L << 32;
        }
        int first = (int) mix(hi, lo) & mask & ~1;
        int slot = -1;
        for (int i = first; i <= first + 1; i++) {
            if (used[i] && keyHi[i] == hi && keyLo[i] == lo) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            slot = !used[first] ? first : !used[first + 1] ? first + 1
                    : lastMillis[first] <= lastMillis[first + 1] ? first : first + 1;
            used[slot] = true;
            keyHi[slot] = hi;
            keyLo[slot] = lo;
            tokens[slot] = burst;
            lastMillis[slot] = nowMillis;
        }
        long elapsed = Math.max(0, nowMillis - lastMillis[slot]);
        double t = Math.min(burst, tokens[slot] + elapsed * tokensPerMilli);
        lastMillis[slot] = Math.max(lastMillis[slot], nowMillis);
        if (t < 1) {
            tokens[slot] = t;
            return false;
        }
        tokens[slot] = t - 1;
        return true;
    }

    private long mix(long hi, long lo) {
        long z = seed ^ hi ^ Long.rotateLeft(lo, 29);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
