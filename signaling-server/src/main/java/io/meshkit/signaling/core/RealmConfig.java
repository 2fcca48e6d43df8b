package io.meshkit.signaling.core;

/**
 * The realm's settings. Defaults are the reference CLI's ({@code bin/peerjs.ts}) where one exists,
 * and safe bounds for what the reference leaves unbounded.
 *
 * @param key                   connection key clients must present ({@code --key}, default {@code peerjs})
 * @param expireTimeoutMillis   how long a message to an absent ID waits before the sender gets
 *                              {@code EXPIRE} ({@code --expire_timeout}, default 5000)
 * @param aliveTimeoutMillis    an ID without {@code HEARTBEAT} for this long is released
 *                              ({@code --alive_timeout}, CLI default 60000)
 * @param concurrentLimit       maximum registered IDs ({@code --concurrent_limit}, default 5000)
 * @param expireSweepMillis     period of the queue-expiry sweep ({@code cleanup_out_msgs}, default 1000)
 * @param aliveCheckMillis      period of the liveness check (the reference's fixed 300 ms)
 * @param maxQueuedPerPeer      limit: messages queued for one absent ID (default 64); beyond it the
 *                              sender gets {@code EXPIRE} at once
 * @param maxQueuedBytes        limit: bytes queued for all absent IDs together (default 16 MiB), so
 *                              offers to absent IDs cannot exhaust memory. Each message counts its
 *                              payload, its IDs and {@link RealmLimits#MESSAGE_OVERHEAD_BYTES}; each
 *                              queue {@link RealmLimits#QUEUE_OVERHEAD_BYTES} and its ID
 * @param limits                bounds on IDs, queues per sender, sources and token guesses
 */
public record RealmConfig(
        String key,
        long expireTimeoutMillis,
        long aliveTimeoutMillis,
        int concurrentLimit,
        long expireSweepMillis,
        long aliveCheckMillis,
        int maxQueuedPerPeer,
        long maxQueuedBytes,
        RealmLimits limits) {

    /** The reference's key. */
    public static final String DEFAULT_KEY = "peerjs";
    /** Reference {@code expire_timeout}. */
    public static final long DEFAULT_EXPIRE_TIMEOUT = 5000;
    /** Reference CLI {@code alive_timeout} (the library's is 90000). */
    public static final long DEFAULT_ALIVE_TIMEOUT = 60000;
    /** Reference {@code concurrent_limit}. */
    public static final int DEFAULT_CONCURRENT_LIMIT = 5000;
    /** Reference {@code cleanup_out_msgs}. */
    public static final long DEFAULT_EXPIRE_SWEEP = 1000;
    /** Reference {@code checkBrokenConnections} {@code DEFAULT_CHECK_INTERVAL}. */
    public static final long DEFAULT_ALIVE_CHECK = 300;
    /** Ours: messages queued per absent ID. */
    public static final int DEFAULT_MAX_QUEUED_PER_PEER = 64;
    /** Ours: bytes queued in total (payload, IDs and overhead). */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    public RealmConfig {
        if (key == null) {
            throw new IllegalArgumentException("key is required");
        }
        if (expireTimeoutMillis < 0 || aliveTimeoutMillis < 0 || concurrentLimit < 0) {
            throw new IllegalArgumentException("timeouts and limits must not be negative");
        }
        if (expireSweepMillis <= 0 || aliveCheckMillis <= 0) {
            throw new IllegalArgumentException("sweep periods must be positive");
        }
        if (maxQueuedPerPeer < 0 || maxQueuedBytes < 0) {
            throw new IllegalArgumentException("queue limits must not be negative");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits are required");
        }
    }

    /** The defaults. */
    public static RealmConfig defaults() {
        return new RealmConfig(DEFAULT_KEY, DEFAULT_EXPIRE_TIMEOUT, DEFAULT_ALIVE_TIMEOUT, DEFAULT_CONCURRENT_LIMIT,
                DEFAULT_EXPIRE_SWEEP, DEFAULT_ALIVE_CHECK, DEFAULT_MAX_QUEUED_PER_PEER, DEFAULT_MAX_QUEUED_BYTES,
                RealmLimits.defaults());
    }

    public RealmConfig withKey(String k) {
        return new RealmConfig(k, expireTimeoutMillis, aliveTimeoutMillis, concurrentLimit, expireSweepMillis,
                aliveCheckMillis, maxQueuedPerPeer, maxQueuedBytes, limits);
    }

    public RealmConfig withTimeouts(long expire, long alive) {
        return new RealmConfig(key, expire, alive, concurrentLimit, expireSweepMillis, aliveCheckMillis,
                maxQueuedPerPeer, maxQueuedBytes, limits);
    }

    public RealmConfig withConcurrentLimit(int limit) {
        return new RealmConfig(key, expireTimeoutMillis, aliveTimeoutMillis, limit, expireSweepMillis,
                aliveCheckMillis, maxQueuedPerPeer, maxQueuedBytes, limits);
    }

    public RealmConfig withQueueLimits(int perPeer, long totalBytes) {
        return new RealmConfig(key, expireTimeoutMillis, aliveTimeoutMillis, concurrentLimit, expireSweepMillis,
                aliveCheckMillis, perPeer, totalBytes, limits);
    }

    public RealmConfig withExpireSweep(long millis) {
        return new RealmConfig(key, expireTimeoutMillis, aliveTimeoutMillis, concurrentLimit, millis,
                aliveCheckMillis, maxQueuedPerPeer, maxQueuedBytes, limits);
    }

    public RealmConfig withLimits(RealmLimits l) {
        return new RealmConfig(key, expireTimeoutMillis, aliveTimeoutMillis, concurrentLimit, expireSweepMillis,
                aliveCheckMillis, maxQueuedPerPeer, maxQueuedBytes, l);
    }
}
