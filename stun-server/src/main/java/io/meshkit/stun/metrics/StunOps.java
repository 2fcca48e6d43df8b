package io.meshkit.stun.metrics;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.meshkit.ops.netty.MetricsRefresh;
import io.meshkit.ops.netty.OpsHttpServer;
import io.meshkit.stun.ServerStats;
import io.meshkit.stun.StartupException;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The STUN server's operations port ({@code --http-port}, {@code --http-host}): the shared ops
 * HTTP server with the JVM meters and {@link StunMetrics} on {@code /metrics}, and {@code /ready}
 * failing once shutdown has begun. Its counters are read when scraped, so nothing needs sampling.
 */
public final class StunOps implements AutoCloseable {
    private final PrometheusEndpoint prometheus;
    private final Readiness readiness;
    private final OpsHttpServer http;

    private StunOps(PrometheusEndpoint prometheus, Readiness readiness, OpsHttpServer http) {
        this.prometheus = prometheus;
        this.readiness = readiness;
        this.http = http;
    }

    /** Listens on {@code at} and exposes {@code stats} (and the JVM) on {@code /metrics}. */
    public static StunOps start(InetSocketAddress at, ServerStats stats) throws StartupException {
        PrometheusEndpoint prometheus = PrometheusEndpoint.create();
        StunMetrics.bind(stats, prometheus.registry());
        Readiness readiness = new Readiness();
        readiness.bindTo(prometheus.registry(), "meshkit.stun.ready");
        try {
            return new StunOps(prometheus, readiness,
                    OpsHttpServer.start(at, "--http-port", readiness, prometheus, MetricsRefresh.NONE));
        } catch (IOException e) {
            prometheus.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return http.port();
    }

    /** From now on {@code /ready} answers 503 (shutdown has begun); {@code /health} stays 200. */
    public void draining() {
        readiness.notReady(Readiness.DRAINING, "shutting down");
    }

    @Override
    public void close() {
        draining();
        http.close();
        prometheus.close();
    }
}
