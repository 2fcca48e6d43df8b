package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.BeaconVectors;
import io.meshkit.beacon.Period;
import io.meshkit.signaling.beacon.BeaconOptions;
import io.meshkit.signaling.beacon.BeaconService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * {@code --require-beacon} in cluster mode (docs/PROTOCOL.md §13.3.4): two nodes sharing a real Redis, each holding
 * only the issuer's public key (no private key, nothing about beacons in Redis), give the same answer to every kind of
 * connection; an ID accepted on one is taken on the other, as any ID.
 */
class BeaconClusterIT {
    private static final BeaconSigner ISSUER = BeaconSigner.ofHex(BeaconVectors.A_D);
    private static final int PERIOD = 600;
    private static GenericContainer<?> redis;
    private static ClusterSupport.Node one;
    private static ClusterSupport.Node two;

    @BeforeAll
    static void start() throws Exception {
        ClusterSupport.requirePodman();
        redis = ClusterSupport.redis();
        BeaconKey issuerKey = BeaconKey.parseHex(BeaconVectors.A_KEY).orElseThrow();
        one = ClusterSupport.node(ClusterSupport.url(redis), "beacon-one",
                new BeaconService(new BeaconOptions(null, null, PERIOD, List.of(issuerKey), true)));
        two = ClusterSupport.node(ClusterSupport.url(redis), "beacon-two",
                new BeaconService(new BeaconOptions(null, null, PERIOD, List.of(issuerKey), true)));
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

    /** The first thing a socket with this query hears (OPEN, ID-TAKEN or the ERROR's message). */
    private static String answer(ClusterSupport.Node node, String query) throws InterruptedException {
        try (ClusterWs ws = ClusterWs.connectQuery(node.port(), query)) {
            String first = ws.next();
            int at = first.indexOf("\"msg\":\"");
            return first.contains("\"ERROR\"") ? first.substring(at + 7, first.indexOf('"', at + 7))
                    : first.replaceAll("\\{\"type\":\"([A-Z-]+)\".*", "$1");
        }
    }

    @Test
    void shouldDecideAlikeOnBothNodesWithOnlyThePublicKey() throws Exception {
        Period now = Period.at(System.currentTimeMillis(), PERIOD);
        Beacon current = ISSUER.sign(now);
        Beacon previous = ISSUER.sign(now.previous());
        Beacon stale = ISSUER.sign(now.previous().previous());
        Beacon foreign = BeaconSigner.ofHex(BeaconVectors.B_D).sign(now);
        String forged = current.text().substring(0, current.text().length() - 1)
                + (current.text().endsWith("0") ? "1" : "0");
        List<String> answers = new ArrayList<>();
        for (ClusterSupport.Node node : List.of(one, two)) {
            String n = node == one ? "one" : "two";
            List<String> a = List.of(
                    answer(node, "key=peerjs&beacon=" + current.text() + "&id=" + current.prefix() + "-" + n + "&token=t"),
                    answer(node, "key=peerjs&beacon=" + previous.text() + "&id=" + previous.prefix() + "-" + n
                            + "&token=t"),
                    answer(node, "key=peerjs&beacon=" + stale.text() + "&id=" + stale.prefix() + "-" + n + "&token=t"),
                    answer(node, "key=peerjs&beacon=" + forged + "&id=" + current.prefix() + "-f" + n + "&token=t"),
                    answer(node, "key=peerjs&beacon=" + foreign.text() + "&id=" + foreign.prefix() + "-" + n
                            + "&token=t"),
                    answer(node, "key=peerjs&beacon=" + current.text() + "&id=mesh-" + n + "&token=t"),
                    answer(node, "key=peerjs&id=mesh-a" + n + "&token=t"));
            answers.add(String.join("|", a));
            assertThat(a).containsExactly("OPEN", "OPEN", "Expired beacon", "Invalid beacon signature",
                    "Invalid beacon signature", "ID does not start with the beacon prefix", "No beacon supplied");
        }
        assertThat(answers.get(0)).isEqualTo(answers.get(1));
    }

    @Test
    void shouldKeepIdsUniqueAcrossNodesForBeaconIds() throws Exception {
        Beacon current = ISSUER.sign(Period.at(System.currentTimeMillis(), PERIOD));
        String id = current.prefix() + "-shared";
        try (ClusterWs a = ClusterWs.connectQuery(one.port(), "key=peerjs&beacon=" + current.text() + "&id=" + id
                + "&token=ta")) {
            assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
            try (ClusterWs b = ClusterWs.connectQuery(two.port(), "key=peerjs&beacon=" + current.text() + "&id=" + id
                    + "&token=tb")) {
                assertThat(b.next()).isEqualTo("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");
            }
        }
    }
}
