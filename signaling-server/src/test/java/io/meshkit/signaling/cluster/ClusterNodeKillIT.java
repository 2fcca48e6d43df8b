package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * A node killed with SIGKILL (a child process running the real CLI with {@code --redis}): its IDs
 * come free within {@code alive_timeout}, a client keeps its ID on another node with its token, and
 * a message for an ID of the dead node is answered with LEAVE, as for a dead destination on one node.
 */
class ClusterNodeKillIT {
    private static GenericContainer<?> redis;
    private static ClusterSupport.Node one;
    private static ManagedProcess victim;
    private static int victimPort;

    @BeforeAll
    static void start() throws Exception {
        ClusterSupport.requirePodman();
        redis = ClusterSupport.redis();
        one = ClusterSupport.node(ClusterSupport.url(redis), "kill-one");
        victimPort = ClusterSupport.freePort();
        victim = ManagedProcess.start("cluster-victim", List.of(ManagedProcess.javaExecutable(),
                "-cp", System.getProperty("java.class.path"), "io.meshkit.signaling.cli.Main",
                "--port", Integer.toString(victimPort), "--host", "127.0.0.1",
                "--redis", ClusterSupport.url(redis), "--node_id", "kill-victim",
                "--alive_timeout", Long.toString(ClusterSupport.ALIVE_TIMEOUT),
                "--expire_timeout", Long.toString(ClusterSupport.EXPIRE_TIMEOUT)))
                .awaitTcp("127.0.0.1", victimPort, Duration.ofSeconds(60));
        ClusterSupport.await("victim ready", Duration.ofSeconds(60),
                () -> ClusterSupport.httpStatus(victimPort, "/health") == 200);
    }

    @AfterAll
    static void stop() {
        if (victim != null) {
            victim.close();
        }
        if (one != null) {
            one.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void shouldReleaseTheIdsOfAKilledNodeWithinAliveTimeout() throws Exception {
        ClusterWs held = openWhenReady(victimPort, "killed1", "tv");
        ClusterWs keeper = openWhenReady(victimPort, "killed2", "tk");
        ClusterWs gone = openWhenReady(victimPort, "killed3", "tg");
        try (ClusterWs peer = ClusterWs.connect(one.port(), "kpeer", "tp")) {
            assertThat(peer.next()).isEqualTo("{\"type\":\"OPEN\"}");
            held.startHeartbeats();
            keeper.startHeartbeats();
            gone.startHeartbeats();
            peer.startHeartbeats();
            peer.offer("killed1", "before");
            assertThat(held.next()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"kpeer\",\"dst\":\"killed1\",\"payload\":{\"sdp\":\"before\"}}");

            victim.process().destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            long killed = System.nanoTime();

            // Same token on another node: keeps its ID at once.
            try (ClusterWs back = ClusterWs.connect(one.port(), "killed2", "tk")) {
                assertThat(back.next()).isEqualTo("{\"type\":\"OPEN\"}");
            }
            // A message for an ID the dead node still holds in Redis: LEAVE on its behalf.
            peer.offer("killed3", "lost");
            assertThat(peer.next()).isEqualTo("{\"type\":\"LEAVE\",\"src\":\"killed3\",\"dst\":\"kpeer\"}");
            // Another token: ID-TAKEN until the dead node's lease runs out, then OPEN.
            try (ClusterWs early = ClusterWs.connect(one.port(), "killed1", "other")) {
                String first = early.next();
                if (!first.equals("{\"type\":\"OPEN\"}")) {
                    assertThat(first).startsWith("{\"type\":\"ID-TAKEN\"");
                }
            }
            ClusterSupport.await("killed1 free", Duration.ofMillis(ClusterSupport.ALIVE_TIMEOUT + 3000), () -> {
                try (ClusterWs c = ClusterWs.connect(one.port(), "killed1", "other")) {
                    return c.next().equals("{\"type\":\"OPEN\"}");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long ms = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("figures: a SIGKILLed node's ID was free after %d ms (alive_timeout %d ms)%n",
                    ms, ClusterSupport.ALIVE_TIMEOUT);
            assertThat(ms).isLessThanOrEqualTo(ClusterSupport.ALIVE_TIMEOUT + 1000);
        } finally {
            held.close();
            keeper.close();
            gone.close();
        }
    }

    /**
     * The victim answers /health before it has reached Redis: retry while it refuses new clients. A
     * cold JVM on a loaded 2-core box took up to 19 s to connect Lettuce: the deadline only bounds a failure.
     */
    private static ClusterWs openWhenReady(int port, String id, String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            ClusterWs ws = ClusterWs.connect(port, id, token);
            String first = ws.next();
            if (first.equals("{\"type\":\"OPEN\"}")) {
                return ws;
            }
            ws.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " not accepted on the victim: " + first);
            }
            Thread.sleep(100);
        }
    }
}
