package io.meshkit.ops.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsRoutesTest {
    private final Readiness readiness = new Readiness();
    private final PrometheusEndpoint prometheus = PrometheusEndpoint.create();
    private final AtomicLong sampled = new AtomicLong();

    @AfterEach
    void close() {
        prometheus.close();
    }

    private FullHttpResponse get(EmbeddedChannel ch, HttpMethod method, String uri) {
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        ch.runPendingTasks();
        FullHttpResponse res = ch.readOutbound();
        assertThat(res).as("an answer to %s %s", method, uri).isNotNull();
        return res;
    }

    private static String body(FullHttpResponse res) {
        try {
            return res.content().toString(StandardCharsets.UTF_8);
        } finally {
            res.release();
        }
    }

    @Test
    void shouldAnswerHealthAndReadyFromItsConditions() {
        EmbeddedChannel ch = new EmbeddedChannel(new OpsRoutes(readiness, prometheus, MetricsRefresh.NONE));
        FullHttpResponse health = get(ch, HttpMethod.GET, "/health");
        assertThat(health.status().code()).isEqualTo(200);
        assertThat(body(health)).isEqualTo("ok");
        FullHttpResponse ready = get(ch, HttpMethod.GET, "/ready?verbose");
        assertThat(ready.status().code()).isEqualTo(200);
        assertThat(body(ready)).isEqualTo("ready");

        readiness.notReady(Readiness.DRAINING, "shutting down");
        FullHttpResponse draining = get(ch, HttpMethod.GET, "/ready");
        assertThat(draining.status().code()).isEqualTo(503);
        assertThat(body(draining)).isEqualTo("not ready: draining (shutting down)");
        assertThat(get(ch, HttpMethod.GET, "/health").status().code()).as("alive while draining").isEqualTo(200);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void shouldRefuseOtherPathsAndMethods() {
        EmbeddedChannel ch = new EmbeddedChannel(new OpsRoutes(readiness, prometheus, MetricsRefresh.NONE));
        assertThat(get(ch, HttpMethod.GET, "/nothing").status().code()).isEqualTo(404);
        assertThat(get(ch, HttpMethod.POST, "/metrics").status().code()).isEqualTo(405);
        assertThat(get(ch, HttpMethod.DELETE, "/health").status().code()).isEqualTo(405);
        FullHttpResponse head = get(ch, HttpMethod.HEAD, "/health");
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().getInt("Content-Length")).isEqualTo(2);
        assertThat(body(head)).as("HEAD has no body").isEmpty();
    }

    @Test
    void shouldRefreshSampledGaugesBeforeRenderingMetrics() {
        Gauge.builder("test.sampled", sampled, AtomicLong::get).register(prometheus.registry());
        CompletableFuture<Void> sampling = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new OpsRoutes(readiness, prometheus, () -> sampling));
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics"));
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).as("no answer before the gauges are current").isNull();
        sampled.set(42);
        sampling.complete(null);
        ch.runPendingTasks();
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("Content-Type")).isEqualTo(PrometheusEndpoint.CONTENT_TYPE);
        String text = body(res);
        assertThat(text).contains("test_sampled 42.0").contains("jvm_memory_used_bytes");
    }

    @Test
    void shouldAnswer503WhenSamplingFails() {
        EmbeddedChannel failed = new EmbeddedChannel(new OpsRoutes(readiness, prometheus,
                () -> CompletableFuture.failedFuture(new IllegalStateException("loop gone"))));
        assertThat(get(failed, HttpMethod.GET, "/metrics").status().code()).isEqualTo(503);
        EmbeddedChannel thrown = new EmbeddedChannel(new OpsRoutes(readiness, prometheus, () -> {
            throw new java.util.concurrent.RejectedExecutionException("loop shut down");
        }));
        assertThat(get(thrown, HttpMethod.GET, "/metrics").status().code()).isEqualTo(503);
    }
}
