package io.meshkit.signaling.netty;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.beacon.BeaconService;
import io.meshkit.signaling.cluster.ClusterDirectory;
import io.meshkit.signaling.core.Realm;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.metrics.SignalingMetrics;
import java.util.function.LongSupplier;

/**
 * What the handlers share. The realm, the outbox and the cluster directory belong to the realm's
 * event loop ({@link #realmLoop()}) and are used on it only; every loop has its own
 * {@link LoopState} (decoder, scratch, sockets to flush) for the sockets it serves. Sockets of other
 * loops reach the realm through {@link LoopState#toRealm} and are written through the outbox's
 * batches. The source gate, the fragment budget, the listener and the meters are thread-safe.
 * Without bound loops (tests on {@code EmbeddedChannel}s) everything runs as on the realm's loop.
 */
final class SignalingContext {
    private final ServerOptions options;
    private final LongSupplier clock;
    private final NettyOutbox outbox;
    private final RealmListener listener;
    private final Realm<WebSocketConnection> realm;
    private volatile io.netty.channel.EventLoop realmLoop;
    private volatile java.util.Map<io.netty.channel.EventLoop, LoopState> loops = java.util.Map.of();
    /** For sockets outside the bound loops (tests): run as on the realm's loop. */
    private final LoopState unbound;
    private final Cors cors;
    private final Readiness readiness;
    private final SignalingMetrics metrics;
    private final PrometheusEndpoint prometheus;
    private final ClusterDirectory<WebSocketConnection> cluster;
    private final SourceGate sources;
    private final FragmentGuard.Budget fragments;
    private final BeaconHttp beacon;

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
        this(options, clock, listener, readiness, metrics, prometheus, cluster, null);
    }

    /** {@code beacon}: issuing and checking the beacon (docs/PROTOCOL.md §13.3), or {@code null}. */
    SignalingContext(ServerOptions options, LongSupplier clock, RealmListener listener, Readiness readiness,
                     SignalingMetrics metrics, PrometheusEndpoint prometheus,
                     ClusterDirectory<WebSocketConnection> cluster, BeaconService beacon) {
        this.beacon = beacon == null ? null : new BeaconHttp(beacon);
        this.cluster = cluster;
        this.readiness = readiness;
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        this.outbox = new NettyOutbox(this);
        this.realm = cluster == null
                ? new Realm<>(options.realm(), outbox, listener, clock.getAsLong())
                : new Realm<>(options.realm(), outbox, cluster, listener, clock.getAsLong());
        this.unbound = new LoopState(null, this, options.limits().maxFrameBytes());
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

    /** Binds the server's loops; the realm's is the first. Call before the server accepts. */
    void bindLoops(java.util.List<io.netty.channel.EventLoop> all) {
        java.util.Map<io.netty.channel.EventLoop, LoopState> m = new java.util.IdentityHashMap<>();
        for (io.netty.channel.EventLoop l : all) {
            m.put(l, new LoopState(l, this, options.limits().maxFrameBytes()));
        }
        loops = m;
        realmLoop = all.get(0);
    }

    /** The realm's loop, or {@code null} when no loops are bound (everything runs on the caller's thread). */
    io.netty.channel.EventLoop realmLoop() {
        return realmLoop;
    }

    /** The state of the loop serving {@code channel}. */
    LoopState loopOf(io.netty.channel.Channel channel) {
        LoopState s = loops.get(channel.eventLoop());
        return s == null ? unbound : s;
    }

    /** The realm loop's own state. */
    LoopState realmState() {
        LoopState s = realmLoop == null ? null : loops.get(realmLoop);
        return s == null ? unbound : s;
    }

    /**
     * {@code work} on the realm's loop, waited for (at most 5 s): for the rare requests that read the
     * realm from another loop ({@code /id}, {@code /peers}, {@code /metrics}). The realm's loop never
     * waits for another, so this cannot deadlock.
     */
    <T> T onRealm(java.util.concurrent.Callable<T> work) {
        io.netty.channel.EventLoop r = realmLoop;
        try {
            if (r == null || r.inEventLoop()) {
                return work.call();
            }
            return r.submit(work).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Cors cors() {
        return cors;
    }

    /** The beacon's routes, headers and gate, or {@code null} without beacon flags. */
    BeaconHttp beacon() {
        return beacon;
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

    /** Copies the realm's sizes into the sampled gauges before a scrape (metrics on; read on the realm's loop). */
    void sampleMetrics() {
        onRealm(() -> {
            metrics.sample(realm.size(), realm.queuedMessages(), realm.queuedBytes(), realm.queueCount());
            return null;
        });
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
