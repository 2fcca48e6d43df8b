package io.meshkit.ops.guard;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections in total and per {@link SourceKey}, and refuses one that would pass
 * either cap, so that one source (an IP address, an IPv6 /64) cannot take every slot: with
 * {@code maxTotal / maxPerSource} sources needed to fill the table, a single attacker leaves room
 * for everyone else. Memory is bounded by {@code maxTotal} entries (a source with no open
 * connection has none). Thread-safe; the work under the lock is one map update.
 */
public final class ConnectionLimiter {
    /** What {@link #tryAcquire} decided. */
    public enum Admission {
        ADMITTED,
        /** Every slot is taken. */
        TOTAL_FULL,
        /** This source holds {@code maxPerSource} connections already. */
        SOURCE_FULL
    }

    private final int maxTotal;
    private final int maxPerSource;
    private final Map<SourceKey, Integer> perSource = new HashMap<>();
    private int total;

    /**
     * @param maxTotal connections open at once, at least 1
     * @param maxPerSource connections one source may hold, 1..maxTotal
     */
    public ConnectionLimiter(int maxTotal, int maxPerSource) {
        if (maxTotal < 1 || maxPerSource < 1 || maxPerSource > maxTotal) {
            throw new IllegalArgumentException("need 1 <= per-source cap (" + maxPerSource + ") <= total cap ("
                    + maxTotal + ")");
        }
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
    }

    /** Takes a slot for {@code source}, or says why not; every admission needs one {@link #release}. */
    public synchronized Admission tryAcquire(SourceKey source) {
        if (total >= maxTotal) {
            return Admission.TOTAL_FULL;
        }
        int held = perSource.getOrDefault(source, 0);
        if (held >= maxPerSource) {
            return Admission.SOURCE_FULL;
        }
        perSource.put(source, held + 1);
        total++;
        return Admission.ADMITTED;
    }

    /** Gives back a slot {@link #tryAcquire} admitted. */
    public synchronized void release(SourceKey source) {
        Integer held = perSource.get(source);
        if (held == null) {
            throw new IllegalStateException("release without admission");
        }
        if (held == 1) {
            perSource.remove(source);
        } else {
            perSource.put(source, held - 1);
        }
        total--;
    }

    /** Connections open now. */
    public synchronized int open() {
        return total;
    }

    /** Connections {@code source} holds now. */
    public synchronized int open(SourceKey source) {
        return perSource.getOrDefault(source, 0);
    }

    public int maxTotal() {
        return maxTotal;
    }

    public int maxPerSource() {
        return maxPerSource;
    }
}
