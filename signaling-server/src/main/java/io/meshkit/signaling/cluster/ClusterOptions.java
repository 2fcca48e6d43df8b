package io.meshkit.signaling.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Cluster mode: where the shared directory lives and who this node is.
 *
 * @param redisUrl     the Redis URL ({@code --redis} or {@code MESHKIT_REDIS_URL}), e.g. {@code redis://redis:6379}
 * @param nodeId       this node's name in Redis ({@code --node_id} or {@code MESHKIT_NODE_ID}); unique per process,
 *                     no spaces; a random one by default
 * @param renewMillis  how often this node renews the leases of its IDs in one batch (default 1000 ms); a dead
 *                     node's IDs expire {@code alive_timeout} after its last renewal
 * @param redisPassword the password Redis {@code AUTH} needs when it is not in the URL ({@code MESHKIT_REDIS_PASSWORD}
 *                     or the file named by {@code MESHKIT_REDIS_PASSWORD_FILE}), or {@code null}; kept out of
 *                     {@link #toString()}
 * @param redisCa      for a {@code rediss://} URL: a PEM file of the CA certificates to trust for Redis' certificate
 *                     ({@code MESHKIT_REDIS_CA_FILE}), or {@code null} for the JVM's default trust store
 * @param ownerCacheSize how many other nodes' IDs this node remembers the holder of ({@code --owner_cache_size},
 *                     default {@value #DEFAULT_OWNER_CACHE_SIZE}; about 150 bytes each), so that a message to them is one
 *                     {@code PUBLISH} instead of a lookup script; 0 looks every message up
 */
public record ClusterOptions(String redisUrl, String nodeId, long renewMillis, String redisPassword, Path redisCa,
                             int ownerCacheSize) {
    /** The readiness condition that fails while Redis is unreachable (or not yet connected): {@code /ready} says {@code redis (...)}. */
    public static final String READINESS_CONDITION = "redis";
    /** Default lease renewal period. */
    public static final long DEFAULT_RENEW_MILLIS = 1000;
    /** Default owner cache size. */
    public static final int DEFAULT_OWNER_CACHE_SIZE = 65_536;

    public ClusterOptions {
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isEmpty() || nodeId.length() > 128 || !nodeId.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("node id must be 1-128 characters of [A-Za-z0-9._:-]");
        }
        if (renewMillis < 50) {
            throw new IllegalArgumentException("renewMillis must be at least 50");
        }
        if (redisPassword != null && redisPassword.isEmpty()) {
            throw new IllegalArgumentException("the Redis password must not be empty");
        }
        if (ownerCacheSize < 0 || ownerCacheSize > 10_000_000) {
            throw new IllegalArgumentException("the owner cache size must be 0 to 10000000");
        }
    }

    /** With the default owner cache. */
    public ClusterOptions(String redisUrl, String nodeId, long renewMillis, String redisPassword, Path redisCa) {
        this(redisUrl, nodeId, renewMillis, redisPassword, redisCa, DEFAULT_OWNER_CACHE_SIZE);
    }

    /** Without a separate password (none, or in the URL). */
    public ClusterOptions(String redisUrl, String nodeId, long renewMillis) {
        this(redisUrl, nodeId, renewMillis, null, null);
    }

    /** With the JVM's default trust store for {@code rediss://}. */
    public ClusterOptions(String redisUrl, String nodeId, long renewMillis, String redisPassword) {
        this(redisUrl, nodeId, renewMillis, redisPassword, null);
    }

    /** The same with another owner cache size. */
    public ClusterOptions withOwnerCacheSize(int size) {
        return new ClusterOptions(redisUrl, nodeId, renewMillis, redisPassword, redisCa, size);
    }

    /** Whether the URL asks for TLS ({@code rediss://}). */
    public boolean tls() {
        return redisUrl.regionMatches(true, 0, "rediss://", 0, 9);
    }

    /** The URL with any {@code user:password@} replaced by {@code ***@}, for logs. */
    public String redactedUrl() {
        try {
            URI u = new URI(redisUrl);
            if (u.getRawUserInfo() == null) {
                return redisUrl;
            }
            return new URI(u.getScheme(), "***", u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment())
                    .toString();
        } catch (URISyntaxException e) {
            return "(unparsable URL)";
        }
    }

    /** Never prints a password (neither the separate one nor one in the URL): these options may end up in a log line. */
    @Override
    public String toString() {
        return "ClusterOptions[redisUrl=" + redactedUrl() + ", nodeId=" + nodeId + ", renewMillis=" + renewMillis
                + ", redisPassword=" + (redisPassword == null ? "none" : "(set)") + ", redisCa=" + redisCa
                + ", ownerCacheSize=" + ownerCacheSize + "]";
    }
}
