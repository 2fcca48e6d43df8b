package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis stopped and started again under two live nodes: new clients are refused while it is away,
 * clients already on a node keep relaying to each other, and the nodes recover by themselves
 * (re-asserting their clients' IDs in the empty Redis).
 */
class ClusterRedisOutageIT {
    private static GenericContainer<?> redis;
    private static ClusterSupport.Node one;
    private static ClusterSupport.Node two;

    @BeforeAll
    static void start() throws Exception {
        ClusterSupport.requirePodman();
        redis = ClusterSupport.redis();
        one = ClusterSupport.node(ClusterSupport.url(redis), "outage-one");
        two = ClusterSupport.node(ClusterSupport.url(redis), "outage-two");
    }

    @AfterAll
    static void stop() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void shouldRefuseNewClientsWhileRedisIsDownKeepLocalRelayAndRecover() throws Exception {
        try (ClusterWs a = ClusterWs.connect(one.port(), "outA", "ta");
             ClusterWs b = ClusterWs.connect(one.port(), "outB", "tb");
             ClusterWs c = ClusterWs.connect(two.port(), "outC", "tc")) {
            assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(b.next()).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(c.next()).isEqualTo("{\"type\":\"OPEN\"}");
            a.startHeartbeats();
            b.startHeartbeats();
            c.startHeartbeats();

            String id = redis.getContainerId();
            DockerClientFactory.instance().client().stopContainerCmd(id).withTimeout(1).exec();
            long down = System.nanoTime();
            ClusterSupport.await("node one not ready", Duration.ofSeconds(10), () -> !one.ready());
            System.out.printf("figures: node one reported Redis down %d ms after the stop returned%n",
                    (System.nanoTime() - down) / 1_000_000);

            assertThat(ClusterSupport.httpStatus(one.port(), "/ready")).isEqualTo(503);
            assertThat(ClusterSupport.httpStatus(one.port(), "/health")).isEqualTo(200);
            try (ClusterWs refused = ClusterWs.connect(one.port(), "outNew", "tn")) {
                assertThat(refused.next()).isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":\""
                        + "Server is not ready: cluster directory unavailable, try another server or later\"}}");
                assertThat(refused.next()).isEqualTo("close");
            }
            // Two clients of one node still reach each other.
            a.offer("outB", "local");
            assertThat(b.next()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"outA\",\"dst\":\"outB\",\"payload\":{\"sdp\":\"local\"}}");
            // A client on another node cannot be reached: the message waits here and expires as for an absent ID.
            a.offer("outC", "far");
            assertThat(a.next()).isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"outC\",\"dst\":\"outA\"}");

            DockerClientFactory.instance().client().startContainerCmd(id).exec();
            long up = System.nanoTime();
            ClusterSupport.await("Redis answers again", Duration.ofSeconds(30), () -> ping(redis.getMappedPort(6379)));
            ClusterSupport.await("both nodes ready", Duration.ofSeconds(30), () -> one.ready() && two.ready());
            System.out.printf("figures: both nodes ready %d ms after Redis was started again%n",
                    (System.nanoTime() - up) / 1_000_000);

            assertThat(ClusterSupport.httpStatus(one.port(), "/ready")).isEqualTo(200);
            // Redis came back empty; the nodes re-asserted their clients' IDs.
            ClusterSupport.await("outA re-asserted", Duration.ofSeconds(10), () -> {
                try (ClusterWs thief = ClusterWs.connect(two.port(), "outA", "other")) {
                    return thief.next().startsWith("{\"type\":\"ID-TAKEN\"");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (ClusterWs d = ClusterWs.connect(two.port(), "outD", "td")) {
                assertThat(d.next()).isEqualTo("{\"type\":\"OPEN\"}");
                d.offer("outA", "back");
                assertThat(a.next()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"outD\",\"dst\":\"outA\",\"payload\":{\"sdp\":\"back\"}}");
            }
            a.offer("outC", "again");
            assertThat(c.next()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"outA\",\"dst\":\"outC\",\"payload\":{\"sdp\":\"again\"}}");
        }
    }

    private static boolean ping(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
