package io.meshkit.signaling.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meshkit.signaling.cluster.RedisProcess;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whoever can write to the cluster's Redis (a neighbour on an open Redis, a compromised node)
 * publishes node-to-node messages of its own. Before the fix a forged message with
 * {@code "src":"admin"} and a payload that is not JSON reached the client as broken JSON, and the
 * directory stored every ID's token in plain text.
 */
@Timeout(180)
class ClusterForgeryAttackIT {
    @Test
    void forgedNodeMessagesNeverReachAClientAndTokensAreNotStored() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             AttackRun run = new AttackRun("cluster-forgery", "--redis", "redis://127.0.0.1:" + redis.port(),
                     "--node_id", "victim-node")) {
            run.counter("dropped{reason=cluster_invalid}",
                    m -> m.count("meshkit_signaling_dropped_total", "reason", "cluster_invalid"));
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
            try (StatefulRedisConnection<String, String> c = client.connect();
                 RawWs bob = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs("bob", "bobs-secret-token"),
                         null, 5000)) {
                bob.readUntil("\"type\":\"OPEN\"");
                RedisCommands<String, String> redisCmd = c.sync();
                run.during();
                List<String> forged = List.of(
                        "MOFFER|5|3|adminbobnot json at all",
                        "MOFFER|5|3|adminbob{\"sdp\":",
                        "MOFFER|9|3|bad id!!!bob{}",
                        "MHELLO|1|3|xbob{}",
                        "MOFFER|1|3|xbob{\"a\":1}  trailing",
                        "Cbad id!!",
                        "E" + "x".repeat(500),
                        "N" + "garbage");
                long receivers = 0;
                for (String m : forged) {
                    receivers += redisCmd.publish("meshkit:node:victim-node", m);
                }
                assertThat(receivers).as("the node listened to every forged message").isEqualTo(forged.size());
                List<String> got = new ArrayList<>();
                bob.soTimeout(1000);
                try {
                    while (true) {
                        got.add(bob.read().toString());
                    }
                } catch (SocketTimeoutException windowOver) {
                    // nothing more within the window
                }
                assertThat(got).as("what Bob received from forged node messages").isEmpty();
                String stored = redisCmd.get("meshkit:id:bob");
                assertThat(stored).as("the directory entry of bob").isNotNull().doesNotContain("bobs-secret-token");
                // A well-formed message from a node is still relayed.
                redisCmd.publish("meshkit:node:victim-node", "MOFFER|5|3|alicebob{\"sdp\":\"v=0\"}");
                bob.soTimeout(5000);
                assertThat(bob.readUntil("\"src\":\"alice\"").text())
                        .isEqualTo("{\"type\":\"OFFER\",\"src\":\"alice\",\"dst\":\"bob\",\"payload\":{\"sdp\":\"v=0\"}}");
            } finally {
                client.shutdown();
            }
            run.awaitDuringRounds(3, Duration.ofSeconds(30));
            run.finish(5);
        }
    }
}
