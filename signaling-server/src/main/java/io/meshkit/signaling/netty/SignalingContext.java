package io.meshkit.signaling.netty;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.cluster.ClusterDirectory;
import io.meshkit.signaling.core.Realm;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.metrics.SignalingMetrics;
import io.meshkit.signaling.wire.PeerJsDecoder;
import java.util.function.LongSupplier;

/** What the handlers share: all of it is used on the server's single event loop only. */
final class SignalingContext {
    private final ServerOptions options;
    private final LongSupplier clock;
    private final NettyOutbox outbox;
    private final RealmListener listener;
    private final Realm<WebSocketConnection> realm;
    private final PeerJsDecoder decoder;
    private final Cors cors;
    private final Readiness readiness;
    private final SignalingMetrics metrics;
    private final PrometheusEndpoint prometheus;
    private final ClusterDirectory<WebSocketConnection> cluster;
    private final SourceGate sources;
    private final FragmentGuard.Budget fragments;
    /** Inbound frames are copied here for decoding (grows up to the frame limit, one per server). */
    private byte[] scratch = new byte[4096];

    SignalingContext(ServerOptions options, LongSupplier clock, RealmListener listener) {
        this(options, clock, listener, new Readiness(), null, null);
    }

    /**
     * {@code metrics} is null when nothing counts (the realm reports to {@code listener} only);
     * {@code prometheus} is null unless the main port serves {@code /metrics} ({@code --metrics true}).
     */
    SignalingContext(ServerOptions options, LongSupplier clock, RealmListener listener, Readiness readiness,
                     SignalingMetrics metrics, PrometheusEndpoint prometheus) {
        this(options, clock, listener, readiness, metrics, prometheus, null);
    }

    /** {@code cluster}: the Redis directory in cluster mode (docs/CLUSTER.md), or {@code null} on one node. */
    SignalingContext(ServerOptions options, LongSupplier clock, RealmListener listener, Readiness readiness,
                     SignalingMetrics metrics, PrometheusEndpoint prometheus,
                     ClusterDirectory<WebSocketConnection> cluster) {
        this.cluster = cluster;
        this.readiness = readiness;
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        this.outbox = new NettyOutbox(options.limits().closeTimeoutMillis());
        this.realm = cluster == null
                ? new Realm<>(options.realm(), outbox, listener, clock.getAsLong())
                : new Realm<>(options.realm(), outbox, cluster, listener, clock.getAsLong());
        this.decoder = new PeerJsDecoder(options.limits().maxFrameBytes());
        this.cors = new Cors(options.corsOrigins());
        this.sources = new SourceGate(options, listener);
        this.fragments = new FragmentGuard.Budget(options.limits().maxUnfinishedBytes());
    }

    /** Where connections come from and how many each source has. */
    SourceGate sources() {
        return sources;
    }

    /** The bytes of unfinished fragmented messages of all sockets together. */
    FragmentGuard.Budget fragments() {
        return fragments;
    }

    ServerOptions options() {
        return options;
    }

    long now() {
        return clock.getAsLong();
    }

    NettyOutbox outbox() {
        return outbox;
    }

    RealmListener listener() {
        return listener;
    }

    Realm<WebSocketConnection> realm() {
        return realm;
    }

    PeerJsDecoder decoder() {
        return decoder;
    }

    /** A reusable array of at least {@code len} bytes; valid until the next call (event loop only). */
    byte[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        return scratch;
    }

    Cors cors() {
        return cors;
    }

    /** Cluster mode's directory, or {@code null} on a single node. */
    ClusterDirectory<WebSocketConnection> cluster() {
        return cluster;
    }

    Readiness readiness() {
        return readiness;
    }

    /** The server's meters, or {@code null} when metrics are off. */
    SignalingMetrics metrics() {
        return metrics;
    }

    /** The Prometheus registry behind the main port's {@code /metrics}, or {@code null} when that route is off. */
    PrometheusEndpoint prometheus() {
        return prometheus;
    }

    /** Copies the realm's sizes into the sampled gauges before a scrape (event loop only; metrics on). */
    void sampleMetrics() {
        metrics.sample(realm.size(), realm.queuedMessages(), realm.queuedBytes(), realm.queueCount());
    }

    /** The mount path without its trailing slash ({@code ""} for {@code /}). */
    String mount() {
        String p = options.path();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * The WebSocket path, {@code path.posix.join(app.path(), options.path, "/") + "peerjs"} in the
     * reference ({@code instance.ts}, {@code webSocketServer/index.ts}).
     */
    String webSocketPath() {
        String m = mount();
        if (!m.startsWith("/")) {
            m = "/" + m;
        }
        return (m.equals("/") ? "" : m) + "/peerjs";
    }
}
