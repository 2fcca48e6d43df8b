package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.RealmConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server needs to start: the reference CLI's options plus our limits.
 *
 * @param host               interface to bind ({@code --host}); {@code null} = all interfaces, like the reference
 * @param port               TCP port ({@code --port} or {@code PORT}); 0 picks a free one
 * @param path               mount path ({@code --path}, default {@code /}); the WebSocket is at {@code {path}peerjs}
 * @param realm              IDs, timeouts, queues
 * @param allowDiscovery     {@code GET {path}{key}/peers} lists IDs ({@code --allow_discovery}, default off)
 * @param proxied            behind reverse proxies: the client address is read from {@code X-Forwarded-For}
 *                           ({@code --proxied}), right to left as {@link TrustedProxies} explains
 * @param corsOrigins        allowed CORS origins ({@code --cors}); {@code null} reflects any origin, the reference's default
 * @param sslKey             PEM private key (PKCS#8) for HTTPS/WSS ({@code --sslkey}), or {@code null}
 * @param sslCert            PEM certificate chain ({@code --sslcert}), or {@code null}
 * @param limits             our extra limits
 * @param trustedProxies     with {@code proxied}: CIDR blocks (or addresses) of the proxies whose
 *                           {@code X-Forwarded-For} entries are trusted ({@code --trusted_proxies}); empty =
 *                           only the TCP peer is (one hop)
 */
public record ServerOptions(
        String host,
        int port,
        String path,
        RealmConfig realm,
        boolean allowDiscovery,
        boolean proxied,
        List<String> corsOrigins,
        Path sslKey,
        Path sslCert,
        Limits limits,
        List<String> trustedProxies) {

    public ServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        path = path == null || path.isEmpty() ? "/" : path;
        corsOrigins = corsOrigins == null ? null : List.copyOf(corsOrigins);
        if ((sslKey == null) != (sslCert == null)) {
            throw new IllegalArgumentException("--sslkey and --sslcert go together");
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        for (String c : trustedProxies) {
            TrustedProxies.Cidr.parse(c); // throws on a bad block
        }
    }

    /** Without trusted proxy blocks. */
    public ServerOptions(String host, int port, String path, RealmConfig realm, boolean allowDiscovery, boolean proxied,
                         List<String> corsOrigins, Path sslKey, Path sslCert, Limits limits) {
        this(host, port, path, realm, allowDiscovery, proxied, corsOrigins, sslKey, sslCert, limits, List.of());
    }

    /** Defaults on {@code port}. */
    public static ServerOptions defaults(int port) {
        return new ServerOptions(null, port, "/", RealmConfig.defaults(), false, false, null, null, null,
                Limits.defaults());
    }

    public ServerOptions withRealm(RealmConfig r) {
        return new ServerOptions(host, port, path, r, allowDiscovery, proxied, corsOrigins, sslKey, sslCert, limits,
                trustedProxies);
    }

    public ServerOptions withLimits(Limits l) {
        return new ServerOptions(host, port, path, realm, allowDiscovery, proxied, corsOrigins, sslKey, sslCert, l,
                trustedProxies);
    }

    /**
     * Limits the reference does not have, each with a safe default.
     *
     * @param maxFrameBytes         largest WebSocket message, fragments included (default 64 KiB; close 1009 beyond)
     * @param maxHttpRequestBytes   largest HTTP request body (default 8 KiB; 413 beyond)
     * @param rateLimitPerSecond    messages per second one connection may send on average (default 500; 0 = off);
     *                              excess messages are dropped
     * @param rateBurst             burst allowance of that limit (default 1000)
     * @param maxOutboundBytes      bytes waiting to be written to one socket before it counts as dead
     *                              (default 1 MiB): a reader that stops reading cannot pin memory
     * @param shutdownGraceMillis   on shutdown, how long clients get to answer Close 1012 (default 2000)
     * @param closeTimeoutMillis    after we send a Close frame, how long until the TCP connection is cut (default 5000)
     * @param maxConnectionsPerSource TCP connections open at once from one source address (IPv6: one /64)
     *                              (default 512; 0 = no limit); beyond it a new connection is closed at once
     * @param fragmentTimeoutMillis a fragmented WebSocket message must be complete this long after its first
     *                              fragment (default 10000), else the socket is closed with 1008
     * @param maxUnfinishedBytes    bytes of unfinished fragmented messages held for all sockets together
     *                              (default 8 MiB); a fragment beyond it closes its socket with 1013
     */
    public record Limits(int maxFrameBytes, int maxHttpRequestBytes, int rateLimitPerSecond, int rateBurst,
                         int maxOutboundBytes, long shutdownGraceMillis, long closeTimeoutMillis,
                         int maxConnectionsPerSource, long fragmentTimeoutMillis, long maxUnfinishedBytes) {
        public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
        public static final int DEFAULT_MAX_HTTP_REQUEST_BYTES = 8 * 1024;
        public static final int DEFAULT_RATE_LIMIT = 500;
        public static final int DEFAULT_RATE_BURST = 1000;
        public static final int DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
        public static final long DEFAULT_SHUTDOWN_GRACE = 2000;
        public static final long DEFAULT_CLOSE_TIMEOUT = 5000;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 512;
        public static final long DEFAULT_FRAGMENT_TIMEOUT = 10_000;
        public static final long DEFAULT_MAX_UNFINISHED_BYTES = 8L * 1024 * 1024;

        public Limits {
            if (maxFrameBytes < 16 || maxHttpRequestBytes < 0 || rateLimitPerSecond < 0 || rateBurst < 1
                    || maxOutboundBytes < 1024 || shutdownGraceMillis < 0 || closeTimeoutMillis < 0
                    || maxConnectionsPerSource < 0 || fragmentTimeoutMillis < 1 || maxUnfinishedBytes < 0) {
                throw new IllegalArgumentException("limit out of range");
            }
        }

        /** With the default per-source and fragment limits. */
        public Limits(int maxFrameBytes, int maxHttpRequestBytes, int rateLimitPerSecond, int rateBurst,
                      int maxOutboundBytes, long shutdownGraceMillis, long closeTimeoutMillis) {
            this(maxFrameBytes, maxHttpRequestBytes, rateLimitPerSecond, rateBurst, maxOutboundBytes, shutdownGraceMillis,
                    closeTimeoutMillis, DEFAULT_MAX_CONNECTIONS_PER_SOURCE, DEFAULT_FRAGMENT_TIMEOUT,
                    DEFAULT_MAX_UNFINISHED_BYTES);
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_HTTP_REQUEST_BYTES, DEFAULT_RATE_LIMIT,
                    DEFAULT_RATE_BURST, DEFAULT_MAX_OUTBOUND_BYTES, DEFAULT_SHUTDOWN_GRACE, DEFAULT_CLOSE_TIMEOUT);
        }
    }
}
