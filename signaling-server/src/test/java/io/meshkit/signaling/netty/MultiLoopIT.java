package io.meshkit.signaling.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.ops.Readiness;
import io.meshkit.signaling.cluster.ClusterWs;
import io.meshkit.signaling.core.RealmConfig;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.core.RealmLimits;
import io.netty.channel.uring.IoUring;
import io.meshkit.testkit.Ci;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server on several event loops: sockets are spread over the loops, the realm stays on one, so
 * relays between any two sockets arrive complete and in order, and the realm's limits count every
 * socket whatever loop serves it. Also the io_uring transport.
 */
@Timeout(120)
class MultiLoopIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static SignalingServer start(int loops, Operations.Transport transport, RealmConfig realm) throws Exception {
        ServerOptions d = ServerOptions.defaults(0);
        ServerOptions options = new ServerOptions(null, 0, "/", realm, true, false, null, null, null, d.limits());
        return SignalingServer.start(options,
                RealmListener.NONE, new Readiness(), Operations.defaults().withLoops(loops, transport));
    }

    @Test
    void shouldRelayInOrderBetweenSocketsOfEveryLoop() throws Exception {
        try (SignalingServer server = start(4, Operations.Transport.AUTO, RealmConfig.defaults())) {
            relayAll(server, 12, 30);
        }
    }

    @Test
    void shouldRelayOnIoUring() throws Exception {
        Ci.require(IoUring.isAvailable(), "io_uring (kernel 5.14+ with io_uring_setup allowed)");
        try (SignalingServer server = start(2, Operations.Transport.IO_URING, RealmConfig.defaults())) {
            relayAll(server, 6, 20);
        }
    }

    /** {@code pairs} pairs each send {@code n} numbered offers both ways; every one must arrive once and in order. */
    private static void relayAll(SignalingServer server, int pairs, int n) throws Exception {
        List<ClusterWs> a = new ArrayList<>();
        List<ClusterWs> b = new ArrayList<>();
        try {
            for (int i = 0; i < pairs; i++) {
                a.add(ClusterWs.connect(server.port(), "ml-a" + i, "t"));
                b.add(ClusterWs.connect(server.port(), "ml-b" + i, "t"));
            }
            for (int i = 0; i < pairs; i++) {
                assertThat(a.get(i).next()).isEqualTo("{\"type\":\"OPEN\"}");
                assertThat(b.get(i).next()).isEqualTo("{\"type\":\"OPEN\"}");
            }
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < pairs; i++) {
                    a.get(i).offer("ml-b" + i, "ab" + k);
                    b.get(i).offer("ml-a" + i, "ba" + k);
                }
            }
            Pattern sdp = Pattern.compile("\"src\":\"(ml-[ab]\\d+)\".*\"sdp\":\"([ab]{2})(\\d+)\"");
            for (int i = 0; i < pairs; i++) {
                for (int k = 0; k < n; k++) {
                    Matcher m = sdp.matcher(b.get(i).next());
                    assertThat(m.find()).isTrue();
                    assertThat(m.group(1) + " " + m.group(2) + m.group(3)).isEqualTo("ml-a" + i + " ab" + k);
                    m = sdp.matcher(a.get(i).next());
                    assertThat(m.find()).isTrue();
                    assertThat(m.group(1) + " " + m.group(2) + m.group(3)).isEqualTo("ml-b" + i + " ba" + k);
                }
            }
        } finally {
            a.forEach(ClusterWs::close);
            b.forEach(ClusterWs::close);
        }
    }

    @Test
    void shouldCountEverySocketAgainstTheRealmsLimitsWhateverItsLoop() throws Exception {
        RealmConfig realm = RealmConfig.defaults().withLimits(new RealmLimits(RealmLimits.DEFAULT_MAX_ID_LENGTH,
                RealmLimits.DEFAULT_MAX_QUEUED_PER_SENDER, RealmLimits.DEFAULT_MAX_QUEUES, 5,
                RealmLimits.DEFAULT_TOKEN_GUESSES_PER_MINUTE));
        try (SignalingServer server = start(4, Operations.Transport.AUTO, realm)) {
            List<ClusterWs> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    ClusterWs ws = ClusterWs.connect(server.port(), "lim" + i, "t");
                    held.add(ws);
                    assertThat(ws.next()).isEqualTo("{\"type\":\"OPEN\"}");
                }
                // The sixth from the same address, on whatever loop: over --max_ids_per_ip.
                try (ClusterWs sixth = ClusterWs.connect(server.port(), "lim5", "t")) {
                    assertThat(sixth.next()).contains("\"type\":\"ERROR\"");
                }
                // /peers, served by any loop, lists the IDs of every loop.
                String peers = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/peerjs/peers")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(peers).contains("lim0", "lim1", "lim2", "lim3", "lim4").doesNotContain("lim5");
                // A message to an absent ID waits on the realm and reaches it when it opens, on any loop.
                held.get(0).offer("late", "waited");
                held.get(4).close();
                held.remove(4);
                ClusterSupportLite.awaitOpen(server.port(), "late", held);
            } finally {
                held.forEach(ClusterWs::close);
            }
        }
    }

    /** Opens {@code id} (retrying while the freed slot is released) and expects the queued offer. */
    private static final class ClusterSupportLite {
        static void awaitOpen(int port, String id, List<ClusterWs> keep) throws Exception {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                ClusterWs ws = ClusterWs.connect(port, id, "t");
                String first = ws.next();
                if (first.equals("{\"type\":\"OPEN\"}")) {
                    keep.add(ws);
                    assertThat(ws.next()).contains("\"sdp\":\"waited\"");
                    return;
                }
                ws.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("never opened: " + first);
                }
                Thread.sleep(50);
            }
        }
    }
}
