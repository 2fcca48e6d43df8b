package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.netty.Operations;
import io.meshkit.signaling.netty.ServerOptions;
import io.meshkit.signaling.netty.SignalingServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes on Debian's redis-server: the owner cache makes a message for another node's client
 * one PUBLISH, and an ID that changes hands (moved with its token, released) is followed, never
 * delivered to the socket that lost it; scripts run by SHA-1 survive Redis forgetting them.
 */
@Timeout(120)
class ClusterOwnerCacheIT {
    private static RedisProcess redis;
    private static SignalingServer one;
    private static SignalingServer two;
    private static SignalingServer three;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        String url = "redis://127.0.0.1:" + redis.port();
        one = node(url, "cache-one");
        two = node(url, "cache-two");
        three = node(url, "cache-three");
    }

    private static SignalingServer node(String url, String name) throws Exception {
        SignalingServer s = SignalingServer.start(ServerOptions.defaults(0).withRealm(ClusterSupport.realm()),
                RealmListener.NONE, new Readiness(), new Operations(true, 0, null), new ClusterOptions(url, name, 200));
        ClusterSupport.await(name + " ready", Duration.ofSeconds(60), () -> s.readiness().isReady());
        return s;
    }

    @AfterAll
    static void stop() {
        for (SignalingServer s : new SignalingServer[] {one, two, three}) {
            if (s != null) {
                s.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** {@code meshkit_signaling_cluster_owner_lookups_total{result=…}} on a node's /metrics. */
    private static double lookups(SignalingServer node, String result) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^meshkit_signaling_cluster_owner_lookups_total\\{result=\"" + result
                + "\"[^}]*} ([0-9.eE+]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no owner lookups with result " + result + " in /metrics: "
                    + text.substring(0, Math.min(300, text.length())));
        }
        return Double.parseDouble(m.group(1));
    }

    private static String open(ClusterWs ws) throws InterruptedException {
        return ws.next();
    }

    @Test
    void shouldFollowAnIdThatMovedWithItsTokenAndNeverReachTheSocketThatLostIt() throws Exception {
        try (ClusterWs x = ClusterWs.connect(one.port(), "sender1", "tx");
             ClusterWs old = ClusterWs.connect(two.port(), "movingd", "td")) {
            assertThat(open(x)).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(open(old)).isEqualTo("{\"type\":\"OPEN\"}");
            x.startHeartbeats();
            old.startHeartbeats();
            // Looked up until an answer is cached: an answer is dropped when any ID's holder changed while it was
            // on its way (the claims announced just now may still be arriving), so that can take more than one.
            double hitsBefore = lookups(one, "hit");
            int[] warm = {0};
            ClusterSupport.await("node one caches the holder", Duration.ofSeconds(10), () -> {
                String sdp = "warm" + warm[0]++;
                x.offer("movingd", sdp);
                try {
                    assertThat(old.next()).contains("\"sdp\":\"" + sdp + "\"");
                    return lookups(one, "hit") > hitsBefore;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Then the cache: the next four are one PUBLISH each.
            double hitsCached = lookups(one, "hit");
            for (int i = 0; i < 4; i++) {
                x.offer("movingd", "cached" + i);
                assertThat(old.next()).contains("\"sdp\":\"cached" + i + "\"");
            }
            assertThat(lookups(one, "hit") - hitsCached).isGreaterThanOrEqualTo(4);

            try (ClusterWs moved = ClusterWs.connect(three.port(), "movingd", "td")) {
                assertThat(open(moved)).isEqualTo("{\"type\":\"OPEN\"}");
                moved.startHeartbeats();
                double missesAtMove = lookups(one, "miss");
                // Keep sending until node one has dropped its cached holder (the move's announcement
                // reached it): its next message is looked up again.
                List<String> sent = new ArrayList<>();
                ClusterSupport.await("node one looks the moved ID up again", Duration.ofSeconds(10), () -> {
                    String sdp = "after" + sent.size();
                    x.offer("movingd", sdp);
                    sent.add(sdp);
                    try {
                        return lookups(one, "miss") > missesAtMove;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < 3; i++) {
                    String sdp = "after" + sent.size();
                    x.offer("movingd", sdp);
                    sent.add(sdp);
                }
                // Every message reaches the new socket exactly once (those sent to the old node while
                // its entry was stale are forwarded by it)...
                List<String> got = new ArrayList<>();
                while (got.size() < sent.size()) {
                    String m = moved.next();
                    Matcher sdp = Pattern.compile("\"sdp\":\"(after\\d+)\"").matcher(m);
                    assertThat(sdp.find()).as("a relayed offer: %s", m).isTrue();
                    got.add(sdp.group(1));
                }
                assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
                // ...and the socket that lost the ID gets none of them: only its replacement notice and close.
                String e;
                while ((e = old.poll()) != null) {
                    assertThat(e).doesNotContain("\"type\":\"OFFER\"");
                }
            }
        }
    }

    @Test
    void shouldDropTheCachedHolderOfAReleasedId() throws Exception {
        try (ClusterWs x = ClusterWs.connect(one.port(), "sender2", "tx")) {
            assertThat(open(x)).isEqualTo("{\"type\":\"OPEN\"}");
            x.startHeartbeats();
            ClusterWs gone = ClusterWs.connect(two.port(), "leaving", "tl");
            assertThat(open(gone)).isEqualTo("{\"type\":\"OPEN\"}");
            x.offer("leaving", "warm");
            assertThat(gone.next()).contains("\"sdp\":\"warm\"");
            gone.close();
            double misses = lookups(one, "miss");
            // Released on node two: node one forgets the holder and looks it up (absent: queued here,
            // then EXPIRE to the sender, as on one node).
            ClusterSupport.await("node one looks the released ID up", Duration.ofSeconds(10), () -> {
                x.offer("leaving", "late");
                try {
                    return lookups(one, "miss") > misses;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String m = x.next();
            while (!m.contains("EXPIRE")) {
                m = x.next();
            }
            assertThat(m).contains("\"src\":\"leaving\"");
        }
    }

    @Test
    void shouldRunItsScriptsAgainAfterRedisForgotThem() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        try (var c = client.connect()) {
            c.sync().scriptFlush();
        } finally {
            client.shutdown();
        }
        // Claims and lookups get NOSCRIPT once, then send the script.
        try (ClusterWs a = ClusterWs.connect(one.port(), "flushA", "ta");
             ClusterWs b = ClusterWs.connect(three.port(), "flushB", "tb")) {
            assertThat(open(a)).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(open(b)).isEqualTo("{\"type\":\"OPEN\"}");
            a.offer("flushB", "again");
            assertThat(b.next()).contains("\"sdp\":\"again\"").contains("\"src\":\"flushA\"");
        }
    }
}
