package io.meshkit.stun.metrics;

import io.meshkit.testkit.PrometheusText;
import static io.meshkit.stun.TestMessages.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.StunServer;
import io.meshkit.stun.StunServerConfig;
import io.meshkit.ops.PrometheusEndpoint;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real STUN traffic over UDP and TCP (valid, 420, malformed, a rate-limited burst), then
 * {@code GET /metrics} on the HTTP port must show exactly those counts; {@code /health} and
 * {@code /ready} answer, and {@code /ready} goes 503 once shutdown begins.
 */
class OpsHttpIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] tx() {
        byte[] t = new byte[12];
        RANDOM.nextBytes(t);
        return t;
    }

    private static HttpResponse<String> get(StunOps ops, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape(StunOps ops) throws Exception {
        HttpResponse<String> r = get(ops, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains(PrometheusEndpoint.CONTENT_TYPE);
        return PrometheusText.parse(r.body());
    }

    private static byte[] exchange(DatagramSocket s, byte[] req, InetSocketAddress to) throws IOException {
        s.send(new DatagramPacket(req, req.length, to));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        s.receive(in);
        byte[] out = new byte[in.getLength()];
        System.arraycopy(in.getData(), 0, out, 0, out.length);
        return out;
    }

    private static double delta(PrometheusText a, PrometheusText b, String name, String... labels) {
        return b.count(name, labels) - a.count(name, labels);
    }

    @Test
    void shouldCountRealStunTrafficOnMetrics() throws Exception {
        StunServerConfig cfg = StunServerConfig.defaults(LO, 0).withTcpPort(0).withRateLimit(1, 5);
        try (StunServer stun = StunServer.start(cfg);
             StunOps ops = StunOps.start(new InetSocketAddress(LO, 0), stun.stats());
             DatagramSocket a = new DatagramSocket(new InetSocketAddress(LO, 0));
             // A second source address: its own rate-limit bucket.
             DatagramSocket flood = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            InetSocketAddress udp = stun.udpAddresses().get(0);
            a.setSoTimeout(3000);
            PrometheusText before = scrape(ops);
            assertThat(before.has("jvm_memory_used_bytes")).isTrue();
            assertThat(before.has("jvm_threads_live_threads")).isTrue();
            assertThat(before.has("process_uptime_seconds")).isTrue();
            assertThat(before.value("meshkit_stun_tcp_connections")).isZero();
            assertThat(before.value("meshkit_stun_ready")).isEqualTo(1);

            // Two successes and one 420 over UDP (three of the source's five tokens).
            assertThat(exchange(a, binding(tx()).build(), udp)[1]).isEqualTo((byte) 0x01);
            assertThat(exchange(a, binding(tx()).buildWithFingerprint(), udp)[1]).isEqualTo((byte) 0x01);
            assertThat(exchange(a, binding(tx()).attr(0x7777, new byte[4]).build(), udp)[1])
                    .as("420 error response").isEqualTo((byte) 0x11);
            // Malformed: top bits set (not STUN), and a length that is not the bytes received.
            byte[] notStun = binding(tx()).build();
            notStun[0] = (byte) 0x80;
            a.send(new DatagramPacket(notStun, notStun.length, udp));
            byte[] badLength = binding(tx()).build();
            badLength[3] = 8;
            a.send(new DatagramPacket(badLength, badLength.length, udp));
            // One success over TCP, the connection kept open for the gauge.
            try (Socket tcp = new Socket()) {
                tcp.connect(stun.tcpAddresses().get(0), 3000);
                tcp.setSoTimeout(3000);
                OutputStream out = tcp.getOutputStream();
                out.write(binding(tx()).build());
                out.flush();
                DataInputStream in = new DataInputStream(tcp.getInputStream());
                byte[] header = new byte[20];
                in.readFully(header);
                assertThat(header[1]).isEqualTo((byte) 0x01);
                in.readFully(new byte[((header[2] & 0xff) << 8) | (header[3] & 0xff)]);
                assertThat(scrape(ops).value("meshkit_stun_tcp_connections")).isEqualTo(1);
            }
            // A burst of 30 from the second source: 5 answered (its burst), plus at most one a second.
            long start = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                byte[] req = binding(tx()).build();
                flood.send(new DatagramPacket(req, req.length, udp));
            }
            flood.setSoTimeout(1000);
            int answered = 0;
            try {
                while (true) {
                    flood.receive(new DatagramPacket(new byte[2048], 2048));
                    answered++;
                }
            } catch (SocketTimeoutException done) {
                // no more answers
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(answered).isBetween(5, 5 + (int) seconds + 1);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            PrometheusText after = scrape(ops);
            while ((after.value("meshkit_stun_tcp_connections") != 0
                    || delta(before, after, "meshkit_stun_requests_total", "transport", "udp") < 35)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = scrape(ops);
            }
            assertThat(after.value("meshkit_stun_tcp_connections")).as("closed").isZero();
            assertThat(delta(before, after, "meshkit_stun_requests_total", "transport", "udp")).isEqualTo(35);
            assertThat(delta(before, after, "meshkit_stun_requests_total", "transport", "tcp")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_stun_responses_total", "transport", "udp", "type", "success"))
                    .isEqualTo(2 + answered);
            assertThat(delta(before, after, "meshkit_stun_responses_total", "transport", "udp", "type", "error"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "meshkit_stun_responses_total", "transport", "tcp", "type", "success"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "meshkit_stun_dropped_total", "reason", "not_stun")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_stun_dropped_total", "reason", "bad_length")).isEqualTo(1);
            assertThat(delta(before, after, "meshkit_stun_dropped_total", "reason", "rate_limited"))
                    .isEqualTo(30 - answered);
            assertThat(delta(before, after, "meshkit_stun_rate_limited_total")).isEqualTo(30 - answered);
            assertThat(delta(before, after, "meshkit_stun_tcp_accepted_total")).isEqualTo(1);
            assertThat(after.value("meshkit_stun_io_errors_total")).isZero();
        }
    }

    @Test
    void shouldAnswerHealthAndReadyAndGoUnreadyWhenDraining() throws Exception {
        try (StunServer stun = StunServer.start(StunServerConfig.defaults(LO, 0).withTcpPort(-1));
             StunOps ops = StunOps.start(new InetSocketAddress(LO, 0), stun.stats())) {
            assertThat(get(ops, "/health").body()).isEqualTo("ok");
            HttpResponse<String> ready = get(ops, "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready");
            assertThat(get(ops, "/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port()
                    + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);

            ops.draining();
            HttpResponse<String> draining = get(ops, "/ready");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).isEqualTo("not ready: draining (shutting down)");
            assertThat(get(ops, "/health").statusCode()).as("still alive").isEqualTo(200);
        }
    }
}
