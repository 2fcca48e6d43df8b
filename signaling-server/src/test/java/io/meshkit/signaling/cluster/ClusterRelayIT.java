package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * Two signaling nodes sharing a real Redis (Testcontainers on podman): IDs are unique across nodes,
 * messages cross nodes, absent IDs get queued and expired as on one node.
 */
class ClusterRelayIT {
    private static GenericContainer<?> redis;
    private static ClusterSupport.Node one;
    private static ClusterSupport.Node two;

    @BeforeAll
    static void start() throws Exception {
        ClusterSupport.requirePodman();
        redis = ClusterSupport.redis();
        one = ClusterSupport.node(ClusterSupport.url(redis), "relay-one");
        two = ClusterSupport.node(ClusterSupport.url(redis), "relay-two");
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
    void shouldAnswerIdTakenForAnIdHeldOnAnotherNode() throws Exception {
        try (ClusterWs a = ClusterWs.connect(one.port(), "taken1", "ta")) {
            // OPEN first: the claim in Redis happens after the handshake, so a second socket opened
            // before it could win the race and make the test flaky.
            assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
            try (ClusterWs b = ClusterWs.connect(two.port(), "taken1", "tb")) {
                assertThat(b.next()).isEqualTo("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");
                assertThat(b.next()).isEqualTo("close");
            }
        }
    }

    @Test
    void shouldFreeAnIdAcrossNodesWhenItsSocketCloses() throws Exception {
        ClusterWs a = ClusterWs.connect(one.port(), "freed1", "ta");
        assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
        a.close();
        // The release is asynchronous (compare-and-delete in Redis): poll until node two accepts the ID.
        long t0 = System.nanoTime();
        ClusterSupport.await("freed1 claimable on node two", Duration.ofSeconds(10), () -> {
            try (ClusterWs b = ClusterWs.connect(two.port(), "freed1", "tb")) {
                return b.next().equals("{\"type\":\"OPEN\"}");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("figures: an ID closed on node one was claimable on node two after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void shouldRelayOfferAnswerAndCandidateBetweenNodes() throws Exception {
        try (ClusterWs a = ClusterWs.connect(one.port(), "relA", "ta");
             ClusterWs b = ClusterWs.connect(two.port(), "relB", "tb")) {
            assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(b.next()).isEqualTo("{\"type\":\"OPEN\"}");
            a.send("{\"type\":\"OFFER\",\"dst\":\"relB\",\"payload\":{\"sdp\":\"o1\",\"n\":[1,2]}}");
            assertThat(b.next()).isEqualTo(
                    "{\"type\":\"OFFER\",\"src\":\"relA\",\"dst\":\"relB\",\"payload\":{\"sdp\":\"o1\",\"n\":[1,2]}}");
            b.send("{\"type\":\"ANSWER\",\"dst\":\"relA\",\"payload\":{\"sdp\":\"a1\"}}");
            assertThat(a.next()).isEqualTo("{\"type\":\"ANSWER\",\"src\":\"relB\",\"dst\":\"relA\",\"payload\":{\"sdp\":\"a1\"}}");
            b.send("{\"type\":\"CANDIDATE\",\"dst\":\"relA\",\"payload\":{\"candidate\":\"c\"}}");
            assertThat(a.next()).isEqualTo(
                    "{\"type\":\"CANDIDATE\",\"src\":\"relB\",\"dst\":\"relA\",\"payload\":{\"candidate\":\"c\"}}");
            a.send("{\"type\":\"LEAVE\",\"dst\":\"relB\"}");
            assertThat(b.next()).isEqualTo("{\"type\":\"LEAVE\",\"src\":\"relA\",\"dst\":\"relB\"}");
        }
    }

    @Test
    void shouldDeliverWhatWaitedForAnIdWhenItIsClaimedOnAnotherNode() throws Exception {
        try (ClusterWs a = ClusterWs.connect(one.port(), "qA", "ta")) {
            assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
            a.offer("qB", "early");
            // Queued on node one; qB then registers on node two and receives it.
            try (ClusterWs b = ClusterWs.connect(two.port(), "qB", "tb")) {
                assertThat(b.next()).isEqualTo("{\"type\":\"OPEN\"}");
                assertThat(b.next()).isEqualTo("{\"type\":\"OFFER\",\"src\":\"qA\",\"dst\":\"qB\",\"payload\":{\"sdp\":\"early\"}}");
            }
        }
    }

    @Test
    void shouldExpireAMessageForAnAbsentId() throws Exception {
        try (ClusterWs a = ClusterWs.connect(two.port(), "exA", "ta")) {
            assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
            long t0 = System.nanoTime();
            a.offer("nobody-here", "x");
            assertThat(a.next()).isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"nobody-here\",\"dst\":\"exA\"}");
            System.out.printf("figures: EXPIRE after %d ms (expire_timeout %d ms)%n",
                    (System.nanoTime() - t0) / 1_000_000, ClusterSupport.EXPIRE_TIMEOUT);
        }
    }

    @Test
    void shouldMoveAnIdToAnotherNodeWithItsToken() throws Exception {
        try (ClusterWs old = ClusterWs.connect(one.port(), "mover", "tm");
             ClusterWs peer = ClusterWs.connect(one.port(), "mpeer", "tp")) {
            assertThat(old.next()).isEqualTo("{\"type\":\"OPEN\"}");
            assertThat(peer.next()).isEqualTo("{\"type\":\"OPEN\"}");
            try (ClusterWs moved = ClusterWs.connect(two.port(), "mover", "tm")) {
                assertThat(moved.next()).isEqualTo("{\"type\":\"OPEN\"}");
                // A peer on the old node now reaches the ID on its new node (once the old node forgot it).
                ClusterSupport.await("old node forgets mover", Duration.ofSeconds(5), () -> {
                    peer.offer("mover", "where");
                    try {
                        String got = moved.next(Duration.ofMillis(300));
                        return got.contains("\"sdp\":\"where\"");
                    } catch (AssertionError | InterruptedException e) {
                        return false;
                    }
                });
            }
        }
    }
}
