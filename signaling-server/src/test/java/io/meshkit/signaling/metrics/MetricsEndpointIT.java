package io.meshkit.signaling.metrics;

import io.meshkit.testkit.Bounded;
import io.meshkit.testkit.PrometheusText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.signaling.core.RealmConfig;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.netty.LoggingRealmListener;
import io.meshkit.signaling.netty.Operations;
import io.meshkit.signaling.netty.ServerOptions;
import io.meshkit.signaling.netty.SignalingServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Real WebSocket clients drive the server (OPEN, an OFFER relayed, ID-TAKEN, a queued message that
 * EXPIREs, an oversized frame), then {@code GET /metrics} over HTTP must show exactly those moves;
 * {@code /ready} (and the gauge {@code meshkit_signaling_ready}) follows the readiness conditions and
 * answers 503 while the server drains.
 */
class MetricsEndpointIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ServerOptions options() {
        ServerOptions.Limits d = ServerOptions.Limits.defaults();
        ServerOptions.Limits limits = new ServerOptions.Limits(1024, d.maxHttpRequestBytes(), 0, 1,
                d.maxOutboundBytes(), 200, d.closeTimeoutMillis());
        // Messages for absent IDs expire after 300 ms, swept every 100 ms: the test waits well under a second.
        RealmConfig realm = RealmConfig.defaults().withTimeouts(300, 60_000).withExpireSweep(100);
        return new ServerOptions("127.0.0.1", 0, "/", realm, false, false, null, null, null, limits);
    }

    /** Metrics on the main port ({@code --metrics true}), as these tests read them there. */
    private static SignalingServer start(ServerOptions options) throws InterruptedException {
        return SignalingServer.start(options, new LoggingRealmListener(), new Readiness(), new Operations(true, 0, null));
    }

    private static HttpResponse<String> get(SignalingServer s, String path) throws Exception {
        return get(s.port(), path);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape(SignalingServer s) throws Exception {
        return scrape(s.port());
    }

    private static PrometheusText scrape(int port) throws Exception {
        HttpResponse<String> r = get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains(PrometheusEndpoint.CONTENT_TYPE);
        return PrometheusText.parse(r.body());
    }

    /** Records text messages and the close code of one WebSocket. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            events.add("msg " + data);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            events.add("close " + code);
            return null;
        }

        String next() throws InterruptedException {
            String e = events.poll(5, TimeUnit.SECONDS);
            return e == null ? "timeout" : e;
        }
    }

    private static WebSocket ws(SignalingServer s, String query, Recorder r) {
        return Bounded.join(HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + s.port() + "/peerjs?" + query), r), "WebSocket handshake");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void shouldShowRealTrafficOnMetrics() throws Exception {
        try (SignalingServer s = start(options())) {
            PrometheusText before = scrape(s);
            assertThat(before.value("meshkit_signaling_connections")).isZero();
            assertThat(before.has("jvm_memory_used_bytes")).as("JVM metrics").isTrue();
            assertThat(before.has("jvm_gc_pause_seconds_count") || before.has("jvm_gc_memory_allocated_bytes_total"))
                    .as("GC metrics").isTrue();
            assertThat(before.has("jvm_threads_live_threads")).isTrue();
            assertThat(before.has("process_cpu_usage")).isTrue();
            assertThat(before.has("process_uptime_seconds")).isTrue();

            Recorder a = new Recorder();
            Recorder b = new Recorder();
            Recorder thief = new Recorder();
            Recorder big = new Recorder();
            WebSocket wa = ws(s, "key=peerjs&id=alice&token=ta", a);
            assertThat(a.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            ws(s, "key=peerjs&id=bob&token=tb", b);
            assertThat(b.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            ws(s, "key=peerjs&id=alice&token=other", thief);
            assertThat(thief.next()).startsWith("msg {\"type\":\"ID-TAKEN\"");
            wa.sendText("{\"type\":\"OFFER\",\"dst\":\"bob\",\"payload\":{\"sdp\":\"x\"}}", true).get(10, TimeUnit.SECONDS);
            assertThat(b.next()).startsWith("msg {\"type\":\"OFFER\"");
            wa.sendText("{\"type\":\"OFFER\",\"dst\":\"carol\",\"payload\":{\"sdp\":\"y\"}}", true).get(10, TimeUnit.SECONDS);
            assertThat(a.next()).isEqualTo("msg {\"type\":\"EXPIRE\",\"src\":\"carol\",\"dst\":\"alice\"}");
            WebSocket wbig = ws(s, "key=peerjs&id=big&token=tg", big);
            assertThat(big.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            wbig.sendText("{\"type\":\"OFFER\",\"dst\":\"bob\",\"payload\":\"" + "x".repeat(2000) + "\"}", true)
                    .get(10, TimeUnit.SECONDS);
            assertThat(big.next()).isEqualTo("close 1009");

            // The thief's and the oversized sender's sockets end: two connections stay.
            await("two connections left", () -> {
                try {
                    return scrape(s).value("meshkit_signaling_connections") == 2;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            PrometheusText after = scrape(s);
            assertThat(delta(before, after, "meshkit_signaling_registrations_total", "kind", "new")).isEqualTo(3);
            assertThat(delta(before, after, "meshkit_signaling_rejected_total", "reason", "id_taken")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_signaling_relays_total", "type", "OFFER")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_signaling_queued_total", "type", "OFFER")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_signaling_expired_total")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_signaling_expire_sent_total")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_signaling_ws_closes_total", "code", "1009")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_signaling_released_total", "reason", "socket_closed"))
                    .as("the oversized sender's ID").isEqualTo(1);
            assertThat(after.value("meshkit_signaling_ids_held")).isEqualTo(2);
            assertThat(after.value("meshkit_signaling_queue_messages")).isZero();
            assertThat(after.value("meshkit_signaling_event_loop_lag_seconds_count")).isPositive();
            assertThat(after.value("meshkit_signaling_http_requests_total", "route", "metrics", "status", "200"))
                    .isGreaterThanOrEqualTo(2);
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.count(name, labels) - before.count(name, labels);
    }

    @Test
    void shouldAnswerReadyFromItsConditionsAndGoUnreadyWhileDraining() throws Exception {
        Readiness readiness = new Readiness();
        SignalingServer s = SignalingServer.start(options(), new LoggingRealmListener(), readiness,
                new Operations(true, 1500, null));
        HttpResponse<String> ready = get(s, "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready");
        assertThat(scrape(s).value("meshkit_signaling_ready")).as("the same answer for an alert").isEqualTo(1);

        readiness.notReady(io.meshkit.signaling.cluster.ClusterOptions.READINESS_CONDITION, "connection refused");
        HttpResponse<String> down = get(s, "/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("not ready: redis (connection refused)");
        assertThat(get(s, "/health").statusCode()).as("still alive").isEqualTo(200);
        assertThat(scrape(s).value("meshkit_signaling_ready")).isZero();
        readiness.ready(io.meshkit.signaling.cluster.ClusterOptions.READINESS_CONDITION);
        assertThat(get(s, "/ready").statusCode()).isEqualTo(200);
        assertThat(scrape(s).value("meshkit_signaling_ready")).isEqualTo(1);

        Recorder a = new Recorder();
        WebSocket wa = ws(s, "key=peerjs&id=alice&token=ta", a);
        assertThat(a.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
        Thread closer = new Thread(s::close, "closer");
        closer.start();
        // During the drain delay the port still answers: /ready says 503, /health 200, sockets stay open.
        await("ready goes 503", () -> {
            try {
                return get(s, "/ready").statusCode() == 503;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        HttpResponse<String> draining = get(s, "/ready");
        assertThat(draining.body()).isEqualTo("not ready: draining (shutting down)");
        assertThat(get(s, "/health").statusCode()).isEqualTo(200);
        assertThat(a.events).as("not yet told to go").isEmpty();
        assertThat(a.next()).as("then Close 1012").isEqualTo("close 1012");
        wa.sendClose(WebSocket.NORMAL_CLOSURE, "");
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void shouldCountMessagesDroppedOverTheRateLimit() throws Exception {
        ServerOptions o = options();
        ServerOptions.Limits l = o.limits();
        // One message a second, burst 1, per socket.
        ServerOptions limited = o.withLimits(new ServerOptions.Limits(l.maxFrameBytes(), l.maxHttpRequestBytes(), 1, 1,
                l.maxOutboundBytes(), l.shutdownGraceMillis(), l.closeTimeoutMillis()));
        try (SignalingServer s = start(limited)) {
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            WebSocket wa = ws(s, "key=peerjs&id=alice&token=ta", a);
            assertThat(a.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            ws(s, "key=peerjs&id=bob&token=tb", b);
            assertThat(b.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            PrometheusText before = scrape(s);
            for (int i = 0; i < 5; i++) {
                wa.sendText("{\"type\":\"OFFER\",\"dst\":\"bob\",\"payload\":" + i + "}", true).get(10, TimeUnit.SECONDS);
            }
            await("five OFFERs relayed or dropped", () -> {
                try {
                    PrometheusText now = scrape(s);
                    return delta(before, now, "meshkit_signaling_relays_total", "type", "OFFER")
                            + delta(before, now, "meshkit_signaling_dropped_total", "reason", "rate_limited") == 5;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            PrometheusText after = scrape(s);
            assertThat(delta(before, after, "meshkit_signaling_dropped_total", "reason", "rate_limited"))
                    .as("burst 1, then one a second").isGreaterThanOrEqualTo(3);
            assertThat(delta(before, after, "meshkit_signaling_relays_total", "type", "OFFER")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldServeNoMetricsOnTheMainPortByDefault() throws Exception {
        try (SignalingServer s = SignalingServer.start(options())) {
            assertThat(get(s, "/metrics").statusCode()).isEqualTo(404);
            assertThat(get(s, "/ready").statusCode()).as("load balancers keep /ready on the main port").isEqualTo(200);
            assertThat(get(s, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServeHealthReadyAndSampledMetricsOnTheOpsPort() throws Exception {
        Readiness readiness = new Readiness();
        SignalingServer s = SignalingServer.start(options(), new LoggingRealmListener(), readiness,
                new Operations(false, 1500, new InetSocketAddress("127.0.0.1", 0)));
        int ops = s.opsPort();
        try {
            assertThat(ops).isPositive().isNotEqualTo(s.port());
            assertThat(get(s, "/metrics").statusCode()).as("not on the main port without --metrics").isEqualTo(404);
            assertThat(get(ops, "/health").body()).isEqualTo("ok");
            assertThat(get(ops, "/ready").statusCode()).isEqualTo(200);
            assertThat(get(ops, "/peerjs/id").statusCode()).as("only the ops routes").isEqualTo(404);

            Recorder a = new Recorder();
            ws(s, "key=peerjs&id=alice&token=ta", a);
            assertThat(a.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            WebSocket wa = ws(s, "key=peerjs&id=bob&token=tb", new Recorder());
            // Queued for an absent ID: a gauge sampled from the realm on its own loop at scrape time.
            wa.sendText("{\"type\":\"OFFER\",\"dst\":\"carol\",\"payload\":{\"sdp\":\"y\"}}", true).get(10, TimeUnit.SECONDS);
            await("one message queued, seen on the ops port", () -> {
                try {
                    return scrape(ops).value("meshkit_signaling_queue_messages") == 1;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            PrometheusText t = scrape(ops);
            assertThat(t.value("meshkit_signaling_ids_held")).isEqualTo(2);
            assertThat(t.value("meshkit_signaling_connections")).isEqualTo(2);
            assertThat(t.has("jvm_memory_used_bytes")).isTrue();

            readiness.notReady(io.meshkit.signaling.cluster.ClusterOptions.READINESS_CONDITION, "connection refused");
            assertThat(get(ops, "/ready").statusCode()).isEqualTo(503);
            assertThat(get(ops, "/ready").body()).isEqualTo("not ready: redis (connection refused)");
            readiness.ready(io.meshkit.signaling.cluster.ClusterOptions.READINESS_CONDITION);

            Thread closer = new Thread(s::close, "closer");
            closer.start();
            await("the ops port's /ready goes 503 while draining", () -> {
                try {
                    return get(ops, "/ready").statusCode() == 503;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(get(ops, "/health").statusCode()).as("alive while draining").isEqualTo(200);
            closer.join(30_000);
            assertThat(closer.isAlive()).isFalse();
        } finally {
            s.close();
        }
        assertThatThrownBy(() -> get(ops, "/health")).as("the ops port closes with the server")
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void shouldKeepTheReferenceRoutesForAKeyNamedMetrics() throws Exception {
        // GET {path}{key}/id with key "metrics" is two segments: never shadowed by /metrics.
        try (SignalingServer s = start(options())) {
            HttpResponse<String> id = get(s, "/metrics/id");
            assertThat(id.statusCode()).isEqualTo(200);
            assertThat(id.body()).matches("[0-9a-f-]{36}");
            assertThat(get(s, "/ready/peers").statusCode()).as("discovery off: the reference's 401").isEqualTo(401);
        }
    }
}
