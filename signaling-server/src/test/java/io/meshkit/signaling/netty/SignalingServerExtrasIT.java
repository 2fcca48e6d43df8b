package io.meshkit.signaling.netty;

import io.meshkit.testkit.Bounded;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.core.RealmConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What we add to the reference, on a real socket: IP echo, health, limits, graceful shutdown. */
class SignalingServerExtrasIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // (The JDK client's default HTTP/2 upgrade attempt gets 400 from ws, on the reference and on ours alike.)

    private static ServerOptions options(String path, boolean proxied, ServerOptions.Limits limits, RealmConfig realm) {
        return new ServerOptions("127.0.0.1", 0, path, realm, false, proxied, List.of("http://ok.example"), null, null,
                limits);
    }

    private static HttpResponse<String> get(SignalingServer s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A WebSocket that records messages and the close code. */
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
        return Bounded.join(HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + s.port() + "/peerjs?" + query), r),
                "WebSocket handshake");
    }

    @Test
    void shouldEchoTheCallersAddressAndHonourXForwardedForOnlyWhenProxied() throws Exception {
        ServerOptions twoHops = options("/", true, ServerOptions.Limits.defaults(), RealmConfig.defaults());
        twoHops = new ServerOptions(twoHops.host(), 0, "/", twoHops.realm(), false, true, twoHops.corsOrigins(), null, null,
                twoHops.limits(), List.of("127.0.0.1", "198.18.0.0/15"));
        try (SignalingServer direct = SignalingServer.start(options("/", false, ServerOptions.Limits.defaults(), RealmConfig.defaults()));
             SignalingServer proxied = SignalingServer.start(options("/myapp", true, ServerOptions.Limits.defaults(), RealmConfig.defaults()));
             SignalingServer trusted = SignalingServer.start(twoHops)) {
            HttpResponse<String> plain = get(direct, "/ip", "X-Forwarded-For", "203.0.113.7", "Origin", "http://ok.example");
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).isEqualTo("127.0.0.1");
            assertThat(plain.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
            assertThat(plain.headers().firstValue("access-control-allow-origin")).contains("http://ok.example");

            // --proxied alone trusts one hop, the peer: the right-most entry is what it saw. What is left
            // of it may be the client's own invention.
            assertThat(get(proxied, "/myapp/ip", "X-Forwarded-For", "203.0.113.7, 198.18.0.1").body()).isEqualTo("198.18.0.1");
            assertThat(get(proxied, "/myapp/ip", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.18.0.1").body())
                    .as("several headers are one list").isEqualTo("198.18.0.1");
            // With --trusted_proxies the walk goes on past trusted hops, to the first untrusted one.
            assertThat(get(trusted, "/ip", "X-Forwarded-For", "6.6.6.6, 203.0.113.7, 198.18.0.1").body())
                    .isEqualTo("203.0.113.7");
            assertThat(get(trusted, "/ip", "X-Forwarded-For", "198.19.0.2, 198.18.0.1").body())
                    .as("every hop trusted: the left-most").isEqualTo("198.19.0.2");
            assertThat(get(proxied, "/myapp/ip", "X-Forwarded-For", "2001:db8:0:0::1").body()).isEqualTo("2001:db8::1");
            assertThat(get(proxied, "/myapp/ip", "X-Forwarded-For", "<script>").body()).as("not an address: ignored")
                    .isEqualTo("127.0.0.1");
            assertThat(get(proxied, "/ip").statusCode()).as("the IP echo lives under --path").isEqualTo(404);

            HttpResponse<String> health = get(proxied, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok");
        }
    }

    @Test
    void shouldTellClientsToReconnectOnShutdown() throws Exception {
        SignalingServer s = SignalingServer.start(options("/", false, ServerOptions.Limits.defaults(), RealmConfig.defaults()));
        Recorder r = new Recorder();
        WebSocket w = ws(s, "key=peerjs&id=a&token=t", r);
        assertThat(r.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
        Thread closer = new Thread(s::close);
        closer.start();
        assertThat(r.next()).as("Close 1012 Service Restart").isEqualTo("close 1012");
        w.sendClose(WebSocket.NORMAL_CLOSURE, "");
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void shouldCloseWith1009AboveTheFrameLimitAndExpireAtOnceAboveTheQueueBound() throws Exception {
        ServerOptions.Limits d = ServerOptions.Limits.defaults();
        ServerOptions.Limits small = new ServerOptions.Limits(256, d.maxHttpRequestBytes(), 0, 1, d.maxOutboundBytes(),
                d.shutdownGraceMillis(), d.closeTimeoutMillis());
        try (SignalingServer s = SignalingServer.start(options("/", false, small, RealmConfig.defaults().withQueueLimits(1, 1000)))) {
            Recorder r = new Recorder();
            WebSocket w = ws(s, "key=peerjs&id=q&token=t", r);
            assertThat(r.next()).isEqualTo("msg {\"type\":\"OPEN\"}");
            Bounded.join(w.sendText("{\"type\":\"OFFER\",\"dst\":\"absent\",\"payload\":1}", true), "send");
            Bounded.join(w.sendText("{\"type\":\"OFFER\",\"dst\":\"absent\",\"payload\":2}", true), "send");
            assertThat(r.next()).isEqualTo("msg {\"type\":\"EXPIRE\",\"src\":\"absent\",\"dst\":\"q\"}");
            Bounded.join(w.sendText("{\"type\":\"OFFER\",\"dst\":\"q\",\"payload\":\"" + "x".repeat(300) + "\"}", true), "send");
            assertThat(r.next()).isEqualTo("close 1009");
        }
    }
}
